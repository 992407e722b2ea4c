/**
 * "Try a URL" on the deployment graph: the router (server/src/nginx/routing) decides what nginx does
 * with the request, and this maps its answer onto the graph's nodes and edges: client -> listen ->
 * server -> location(s) -> static directory, or -> upstream -> socket/port -> gunicorn -> WSGI
 * target -> app. Each step says why (the router's trace) and points at the source. A static file is
 * looked up in the workspace through the path mapping; a proxied request is matched against the
 * app's routes.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';
import { LineIndex } from '../common/text';
import type { DeploymentGraph, GraphRoute, GraphRouteStep, GraphSource } from '../../../shared/src/graph';
import { parseRequestUrl, routeRequest, type LocationModel, type RouteResult, type ServerModel, type SourceRef } from '../nginx/routing/index';
import type { DeploymentModel, NginxSite } from './model';
import { listenNodeId, locationNodeId, relativeToRoot, serverNodeId } from './topology';

/** Routes `url` through the model's nginx configurations and lays the answer on `graph`. */
export function routeOnGraph(model: DeploymentModel, graph: DeploymentGraph, host: ProjectHost, url: string): GraphRoute {
  const parsed = parseRequestUrl(url.trim());
  const fail = (summary: string): GraphRoute => ({ url, ok: false, summary, outcome: 'rejected', nodeIds: [], edgeIds: [], steps: [] });
  if (!parsed.ok) return fail(parsed.error);
  if (model.nginx.length === 0) return fail('no nginx configuration in this workspace');

  const unmapped = new Set<string>();
  const fileType = (serverPath: string): 'file' | 'directory' | undefined => {
    const ws = workspacePath(model, serverPath);
    if (!ws) unmapped.add(serverPath);
    const st = ws ? host.stat(ws) : undefined;
    return st?.type === 'file' || st?.type === 'directory' ? st.type : undefined;
  };
  const request = { url, host: parsed.host, port: parsed.port, path: parsed.path, scheme: parsed.scheme };
  const tried = model.nginx.map((site) => ({ site, result: routeRequest(site.config, request, { fileType }) }));
  // With several entry files, the one that listens there and knows the name answers (as if included together).
  const best =
    tried.find((t) => t.result.target.kind !== 'no-listener' && t.result.server && /^(exact|wildcard|regex)/.test(t.result.server.rule)) ??
    tried.find((t) => t.result.target.kind !== 'no-listener') ??
    tried[0];
  const route = onGraph(model, graph, host, url, best.site, best.result);
  if (unmapped.size > 0) route.steps.push({ stage: 'target', message: `not in the workspace (taken as missing; on the server they may exist): ${[...unmapped].join(', ')}` });
  return route;
}

/** Lays one router answer on the graph. */
function onGraph(model: DeploymentModel, graph: DeploymentGraph, host: ProjectHost, url: string, site: NginxSite, r: RouteResult): GraphRoute {
  const rel = (p: string) => relativeToRoot(model, p);
  const path = new PathBuilder(graph);
  const places = new Places(host);
  const steps: GraphRouteStep[] = r.trace.map((t) => ({ stage: t.stage, message: t.message, ...(t.ref ? { source: places.of(t.ref) } : {}) }));
  path.node('client');

  const server = r.server ? site.routing.servers.find((s) => s.file.path === r.server!.file && s.index === r.server!.index) : undefined;
  if (server) {
    const entry = site.routing.addresses.find((a) => a.port === Number(parsePort(url)) && a.servers.includes(server));
    if (entry) path.node(listenNodeId(entry));
    path.node(serverNodeId(rel, server));
  }

  // The locations that took part: the one chosen, and the ones holding the directives the target came from (try_files before a named fallback).
  const locations: LocationModel[] = [];
  const add = (l: LocationModel | undefined) => {
    if (!l || locations.includes(l)) return;
    const chain: LocationModel[] = [];
    for (let p: LocationModel | null = l; p; p = p.parent) chain.unshift(p);
    for (const c of chain) if (!locations.includes(c)) locations.push(c);
  };
  if (server) {
    const t = r.target;
    for (const ref of chosenLocations(r)) add(locationAt(server, ref));
    if (t.kind === 'static' && t.tryFiles) add(locationAt(server, t.tryFiles.ref));
    if (r.location) add(locationAt(server, r.location.ref));
    if ('ref' in t && t.ref) add(locationAt(server, t.ref));
    for (const l of locations) path.node(locationNodeId(serverNodeId(rel, server), l));
  }

  // The router explains the target itself in most cases; its words are kept, ours added where it is silent.
  const traced = r.trace.some((s) => s.stage === 'target');
  let summary: string;
  let outcome: GraphRoute['outcome'];
  let status: number | undefined;
  const t = r.target;
  switch (t.kind) {
    case 'static': {
      outcome = 'static';
      path.follow(['static']);
      const ws = workspacePath(model, t.path);
      const st = ws ? host.stat(ws) : undefined;
      const where = ws ? `${rel(ws)}${st?.type === 'file' ? '' : st?.type === 'directory' ? ' (a directory)' : ' (not in the workspace: 404 unless it exists on the server)'}` : 'on the server only (no workspace folder maps there)';
      if (ws && st?.type !== 'file' && st?.type !== 'directory') status = 404;
      summary = `nginx serves the file ${t.path} from disk: ${where}`;
      if (!traced) steps.push({ stage: 'target', message: `${t.via} ${t.root}: the file is ${t.path}${t.outcome ? ` (${t.outcome})` : ''}`, ...(t.ref ? { source: places.of(t.ref) } : {}) });
      steps.push({ stage: 'target', message: `in the workspace: ${where}` });
      break;
    }
    case 'proxy': {
      outcome = 'proxy';
      const reached = path.follow(['upstream', 'socket', 'port', 'gunicorn', 'wsgi', 'app']);
      const where = t.endpoints.map((e) => (e.kind === 'unix' ? `unix:${e.path}` : e.kind === 'tcp' ? `${e.host}${e.port !== null ? ':' + e.port : ''}` : e.text)).join(', ');
      if (!traced) steps.push({ stage: 'target', message: `${t.directive} ${t.written}${t.upstream ? ` (upstream ${t.upstream.name}: ${where})` : ''}${t.uri !== undefined ? `, URI sent: ${t.uri}` : ''}`, source: places.of(t.ref) });
      const gunicorns = reached.filter((n) => n.kind === 'gunicorn');
      summary = `proxied to ${where || t.written}`;
      if (gunicorns.length === 0) steps.push({ stage: 'backend', message: `no gunicorn instance of this workspace listens on ${where || t.written}` });
      for (const g of gunicorns) {
        const defined = g.details.find(([k]) => k === 'defined in')?.[1];
        steps.push({ stage: 'backend', message: `${g.label} answers${defined ? ` (${defined})` : ''}`, ...(g.source ? { source: g.source } : {}) });
      }
      for (const w of reached.filter((n) => n.kind === 'wsgi')) steps.push({ stage: 'app', message: `WSGI target ${w.label}`, ...(w.source ? { source: w.source } : {}) });
      if (gunicorns.length > 0) summary += ` -> ${gunicorns.map((g) => g.label).join(', ')}`;
      const answer = gunicorns.length > 0 ? appAnswer(model, host, t.uri ?? r.uri ?? '/') : undefined;
      if (answer) {
        steps.push({ stage: 'app', message: answer.message, ...(answer.source ? { source: places.ofPy(answer.source) } : {}) });
        if (answer.status) status = answer.status;
      }
      break;
    }
    case 'return':
      outcome = 'return';
      status = t.status;
      summary = t.location !== undefined ? `${t.status} redirect to ${t.location}` : `nginx answers ${t.status}${t.text !== undefined ? ` with ${JSON.stringify(t.text)}` : ''}`;
      steps.push({ stage: 'target', message: summary, source: places.of(t.ref) });
      break;
    case 'redirect':
      outcome = 'redirect';
      status = t.status;
      summary = `${t.status} redirect to ${t.location} (${t.reason})`;
      steps.push({ stage: 'target', message: summary });
      break;
    case 'error':
      outcome = 'error';
      status = t.status;
      summary = `nginx answers ${t.status}: ${t.reason}`;
      steps.push({ stage: 'target', message: summary, ...(t.ref ? { source: places.of(t.ref) } : {}) });
      break;
    case 'rejected':
      outcome = 'rejected';
      status = t.status;
      summary = `nginx answers ${t.status}: ${t.reason}`;
      break;
    case 'no-listener':
      outcome = 'no-listener';
      summary = `the connection fails: ${t.reason}`;
      break;
    case 'not-modelled':
      outcome = 'not-modelled';
      summary = `DeployLens cannot tell: ${t.reason}`;
      steps.push({ stage: 'target', message: summary, ...(t.ref ? { source: places.of(t.ref) } : {}) });
      break;
  }
  for (const n of r.notModelled) steps.push({ stage: 'target', message: `not modelled: ${n}` });
  return { url, ok: true, summary, outcome, ...(status !== undefined ? { status } : {}), nodeIds: path.nodeIds, edgeIds: path.edgeIds, steps };
}

/** The port of a URL as the router used it (80/443 by default). */
function parsePort(url: string): number {
  const p = parseRequestUrl(url.trim());
  return p.ok ? p.port : 80;
}

/**
 * The locations each location search of the trace chose, in order (a request can pass several:
 * `try_files ... @app`, `error_page`, a rewrite). Within one search a matching regex replaces the
 * longest prefix found before it; a jump to a named location is a choice of its own.
 */
function chosenLocations(r: RouteResult): SourceRef[] {
  const out: SourceRef[] = [];
  let choice: SourceRef | undefined;
  const flush = () => {
    if (choice) out.push(choice);
    choice = undefined;
  };
  for (const step of r.trace) {
    if (step.stage !== 'location' || !step.ref) {
      flush();
      continue;
    }
    if (/named location/.test(step.message)) {
      flush();
      out.push(step.ref);
    } else if (/^(regex location .* matches|longest matching prefix|exact location .* matches)/.test(step.message)) choice = step.ref;
  }
  flush();
  return out;
}

/** The innermost location of `server` whose block holds `ref`. */
function locationAt(server: ServerModel, ref: SourceRef): LocationModel | undefined {
  let best: LocationModel | undefined;
  for (const l of server.allLocations) {
    const d = l.at.directive;
    if (l.at.file.path === ref.file && d.start <= ref.start && ref.start < Math.max(d.end, d.start + 1) && (!best || d.start >= best.at.directive.start)) best = l;
  }
  return best;
}

/**
 * The workspace path of a server path: the nearest ancestor directory the path mapping knows, and
 * the rest joined to it (a file the workspace lacks maps to where it would be). Undefined when no
 * ancestor maps: the path is on the server only.
 */
function workspacePath(model: DeploymentModel, serverPath: string): string | undefined {
  const norm = posix.normalize(serverPath).replace(/\/+$/, '') || '/';
  for (let dir = norm; dir !== '/'; dir = posix.dirname(dir)) {
    const ws = model.paths.dir(dir);
    if (ws) return dir === norm ? ws : posix.join(ws, posix.relative(dir, norm));
  }
  return undefined;
}

/**
 * What the app does with a proxied URI, when the model knows its URLs: a static file it serves
 * itself (Flask's static route), a route, or 404. Undefined when the app's URLs are unknown.
 */
function appAnswer(model: DeploymentModel, host: ProjectHost, uri: string): { message: string; status?: number; source?: { file: string; start: number; end: number } } | undefined {
  const apps = model.gunicorn.flatMap((g) => (g.app ? [g.app] : []));
  const path = uri.split('?')[0];
  for (const app of apps) {
    for (const m of app.staticMounts) {
      if (!m.effective || !m.dir || !path.startsWith(m.url)) continue;
      const file = posix.join(m.dir, path.slice(m.url.length));
      if (host.stat(file)?.type === 'file') return { message: `the app serves the static file ${relativeToRoot(model, file)} itself (${m.owner} static folder)`, ...(m.source ? { source: m.source } : {}) };
    }
  }
  const routes = apps.flatMap((a) => a.routes);
  if (routes.length === 0) return undefined;
  const route = routes.find((r) => ruleRegex(r.rule).test(path));
  if (route) return { message: `the app route ${route.rule}${route.endpoint ? ` (${route.endpoint})` : ''} answers`, source: route.source };
  return { message: `no app route matches ${path}: the app answers 404`, status: 404 };
}

/** A Flask/werkzeug rule (`/question/detail/<int:question_id>/`) as a regex; `path` converters take slashes. */
export function ruleRegex(rule: string): RegExp {
  let src = '';
  let last = 0;
  for (const m of rule.matchAll(/<(?:([A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>/g)) {
    src += escapeRegex(rule.slice(last, m.index));
    const conv = m[1] ?? 'default';
    src += conv === 'path' ? '.+' : conv === 'int' ? '\\d+' : conv === 'float' ? '\\d+\\.\\d+' : conv === 'uuid' ? '[0-9a-fA-F-]{36}' : '[^/]+';
    last = m.index + m[0].length;
  }
  src += escapeRegex(rule.slice(last));
  return new RegExp(`^${src}$`);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Collects the path's node and edge ids, following graph edges from the last node. */
class PathBuilder {
  readonly nodeIds: string[] = [];
  readonly edgeIds: string[] = [];
  private readonly nodes: Map<string, DeploymentGraph['nodes'][number]>;

  constructor(private readonly graph: DeploymentGraph) {
    this.nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  }

  /** Appends a node (when the graph has it) and the edge from the previous node to it. */
  node(id: string): void {
    if (!this.nodes.has(id) || this.nodeIds.includes(id)) return;
    const prev = [...this.nodeIds].reverse().find((p) => this.graph.edges.some((e) => e.from === p && e.to === id));
    if (prev) this.edgeIds.push(`${prev}->${id}`);
    this.nodeIds.push(id);
  }

  /** Follows edges from the last location onwards into nodes of these kinds (breadth first); returns the nodes reached. */
  follow(kinds: string[]): Array<DeploymentGraph['nodes'][number]> {
    const start = [...this.nodeIds].reverse().find((id) => this.nodes.get(id)?.kind === 'location');
    if (!start) return [];
    const reached: Array<DeploymentGraph['nodes'][number]> = [];
    let frontier = [start];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const from of frontier) {
        for (const e of this.graph.edges) {
          const to = this.nodes.get(e.to);
          if (e.from !== from || !to || !kinds.includes(to.kind) || this.nodeIds.includes(e.to)) continue;
          this.edgeIds.push(e.id);
          this.nodeIds.push(e.to);
          reached.push(to);
          next.push(e.to);
        }
      }
      frontier = next;
    }
    return reached;
  }
}

/** Source places for steps (0-based line/character, as the editor wants them). */
class Places {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(private readonly host: ProjectHost) {}

  of(ref: SourceRef): GraphSource {
    const p = this.index(ref.file).positionAt(ref.start);
    return { file: ref.file, start: ref.start, end: ref.end, line: p.line, character: p.character };
  }

  ofPy(loc: { file: string; start: number; end: number }): GraphSource {
    return this.of({ file: loc.file, start: loc.start, end: loc.end });
  }

  private index(file: string): LineIndex {
    let idx = this.indexes.get(file);
    if (!idx) this.indexes.set(file, (idx = new LineIndex(this.host.readFile(file) ?? '')));
    return idx;
  }
}
