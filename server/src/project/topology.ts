/**
 * The deployment graph (shared/src/graph.ts) from the deployment model and the findings: what the
 * topology preview draws and `deploylens graph` prints. Every node and edge carries the source range it
 * stands for; a finding whose range overlaps it colours it (error red, warning amber). Things the
 * workspace cannot show (a static folder that only exists on the server, a backend on another host)
 * are grey ("unknown").
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../common/host';
import type { Finding } from '../common/diagnostics';
import { LineIndex } from '../common/text';
import type { DeploymentGraph, GraphEdge, GraphNode, GraphNodeKind, GraphProblem, GraphSource, GraphStatus } from '../../../shared/src/graph';
import type { AddressEntry, Endpoint, LocationModel, ServerModel } from '../nginx/routing/index';
import { inherited } from '../nginx/routing/content';
import type { GunicornInstance } from '../gunicorn/index';
import type { DeploymentModel } from './model';
import { proxyTargets } from './proxies';
import { formatEndpoint, isLocal, reaches } from './endpoints';

interface Range {
  file: string;
  start: number;
  end: number;
}

/** Builds the graph. `findings` are those of the same analysis (with fixes), after settings were applied. */
export function buildGraph(model: DeploymentModel, findings: readonly Finding[], host: ProjectHost): DeploymentGraph {
  const g = new GraphBuilder(model, host);
  g.node('client', 'client', 'clients', [], undefined, 'ok');

  const proxies = proxyTargets(model.nginx);
  for (const site of model.nginx) {
    const serverIds = new Map<ServerModel, string>();
    for (const server of site.routing.servers) {
      const id = serverNodeId(g.rel.bind(g), server);
      serverIds.set(server, id);
      const names = server.nameTexts.filter((n) => n !== '');
      g.node(id, 'server', `server ${names.join(' ') || '_'}`, [['names', names.join(', ') || '(none)'], ['file', g.rel(server.file.path)]], server.at ? head(server.at.file.path, server.at.directive) : undefined);
      addLocations(g, server, id);
    }
    for (const entry of site.routing.addresses) {
      const addr = entry.family === 6 ? `[${entry.address}]` : entry.address;
      const id = listenNodeId(entry);
      const at = entry.defaultListen.at;
      g.node(id, 'listen', `${addr}:${entry.port}${entry.ssl ? ' (TLS)' : ''}`, [['address', addr], ['port', String(entry.port)], ['default server', entry.defaultServer.nameTexts.filter(Boolean).join(' ') || '_']], at ? span(at.file.path, at.directive) : undefined);
      g.edge('client', id);
      for (const s of entry.servers) g.edge(id, serverIds.get(s)!, s === entry.defaultServer ? 'default' : undefined);
    }
  }

  // Backends: upstreams, unix sockets (one node per path), ports.
  for (const p of proxies) {
    if (!p.location) continue;
    const from = g.locationId(p.location);
    if (p.dynamic) {
      g.node(`port:dynamic:${p.written}`, 'port', p.written, [['note', 'resolved per request (variables)']], span(p.file.path, p.directive.args[0]), 'unknown');
      g.edge(from, `port:dynamic:${p.written}`, p.directive.name, span(p.file.path, p.directive.args[0]));
      continue;
    }
    let via = from;
    if (p.upstream) {
      via = `upstream:${p.upstream.name}`;
      g.node(via, 'upstream', `upstream ${p.upstream.name}`, [['servers', String(p.endpoints.length)]], head(p.upstream.file.path, p.upstream.directive));
      g.edge(from, via, p.directive.name, span(p.file.path, p.directive.args[0]));
    }
    for (const w of p.endpoints) {
      if (!w.endpoint) continue;
      const id = g.endpointNode(w.endpoint);
      g.edge(via, id, p.upstream ? undefined : p.directive.name, span(w.file.path, w.word));
    }
  }

  const seenGunicorn = new Map<string, number>();
  for (const { instance, app } of model.gunicorn) {
    // Stable while the user types: the launcher file and its name, not an offset.
    const base = `gunicorn:${g.rel(instance.file)}:${instance.name ?? instance.kind}`;
    const nth = (seenGunicorn.get(base) ?? 0) + 1;
    seenGunicorn.set(base, nth);
    const gid = nth === 1 ? base : `${base}#${nth}`;
    g.node(gid, 'gunicorn', `gunicorn ${instance.name ?? posix.basename(instance.file)}`, gunicornDetails(instance, g), instance.range);
    for (const b of instance.binds) {
      if (b.family === 'fd') continue;
      const endpointIds = g.endpointsReaching(b.address);
      const ids = endpointIds.length > 0 ? endpointIds : [g.bindNode(b.address)];
      for (const id of ids) g.edge(id, gid, 'bind', b.source);
    }
    if (instance.app) {
      const wid = `wsgi:${gid}`;
      g.node(wid, 'wsgi', instance.app.value, [['target', instance.app.value], ['chdir', instance.chdir?.value ?? '(start directory)']], instance.app.source, instance.chdirWorkspace ? undefined : 'unknown');
      g.edge(gid, wid);
      if (app) {
        const aid = `app:${gid}`;
        const label = app.framework === 'flask' ? 'Flask app' : app.framework === 'django' ? 'Django project' : 'WSGI app';
        const mounts = app.staticMounts.filter((m) => m.effective);
        g.node(aid, 'app', label, [['framework', app.framework], ...mounts.map((m): [string, string] => [`static ${m.url}`, m.dir ? g.rel(m.dir) : '(unknown)'])], undefined, app.framework === 'unknown' ? 'unknown' : undefined);
        g.edge(wid, aid);
        for (const m of mounts) {
          if (!m.dir) continue;
          for (const sid of g.staticNodesFor(m.dir)) g.edge(sid, aid, `app static ${m.url}`);
        }
      }
    }
  }

  g.applyFindings(findings);
  return { nodes: g.nodes(), edges: g.edges(), notes: [...model.notes] };

  function span(file: string, node: { start: number; end: number }): Range {
    return { file, start: node.start, end: node.end };
  }
}

/** The id of an nginx server's node: its file (workspace-relative) and position among the config's servers. */
export function serverNodeId(rel: (path: string) => string, server: ServerModel): string {
  return `server:${rel(server.file.path)}#${server.index}`;
}

/** The id of a location's node: its server and the modifier+pattern path from the outermost location. */
export function locationNodeId(serverId: string, loc: LocationModel): string {
  const path: string[] = [];
  for (let l: LocationModel | null = loc; l; l = l.parent) path.unshift(`${l.modifier}${l.pattern}`);
  return `location:${serverId}:${path.join('>')}`;
}

/** The id of a listen socket's node (`listen:0.0.0.0:80`, `listen:[::]:443`). */
export function listenNodeId(entry: AddressEntry): string {
  return `listen:${entry.family === 6 ? `[${entry.address}]` : entry.address}:${entry.port}`;
}

/** A path relative to the workspace root when inside it (how node ids and details name files). */
export function relativeToRoot(model: DeploymentModel, path: string): string {
  return path.startsWith(model.root + '/') ? path.slice(model.root.length + 1) : path;
}

/** A block directive's head (`location /static/`), so that a problem inside the block does not colour it. */
function head(file: string, d: { start: number; end: number; block: { start: number } | null }): Range {
  return { file, start: d.start, end: d.block ? d.block.start : d.end };
}

/** Locations in nginx's matching order (=, ^~ and plain prefixes, regexes in config order, named last), nested ones under their parent. */
function addLocations(g: GraphBuilder, server: ServerModel, serverId: string): void {
  const rank: Record<string, number> = { '=': 0, '^~': 1, '': 1, '~': 2, '~*': 2, '@': 3 };
  const ordered = [...server.allLocations].sort((a, b) => rank[a.modifier] - rank[b.modifier] || (rank[a.modifier] === 1 ? b.pattern.length - a.pattern.length : 0) || a.at.directive.start - b.at.directive.start);
  for (const loc of ordered) {
    const id = g.locationId(loc, serverId);
    const details: Array<[string, string]> = [['match', describeModifier(loc.modifier)], ['pattern', loc.pattern]];
    if (loc.internal) details.push(['internal', 'yes']);
    g.node(id, 'location', `location ${loc.modifier && loc.modifier !== '@' ? loc.modifier + ' ' : ''}${loc.pattern}`, details, head(loc.at.file.path, loc.at.directive));
    g.edge(loc.parent ? g.locationId(loc.parent, serverId) : serverId, id);
    const own = (name: string) => loc.scope.own.find((a) => a.directive.name === name);
    const ret = own('return');
    if (ret) {
      g.annotate(id, 'returns', ret.directive.args.map((a) => a.value).join(' '));
      continue;
    }
    if (loc.scope.own.some((a) => /_pass$/.test(a.directive.name))) continue;
    const fs = inherited(loc.scope, ['alias', 'root']);
    if (!fs) continue;
    const path = fs.at.directive.args[0]?.value;
    if (!path) continue;
    const sid = g.staticNode(path, fs.at.directive.name as 'alias' | 'root');
    g.edge(id, sid, fs.at.directive.name, { file: fs.at.file.path, start: fs.at.directive.start, end: fs.at.directive.end });
  }
}

function describeModifier(m: string): string {
  return m === '=' ? 'exact' : m === '^~' ? 'prefix, stops regex search' : m === '' ? 'prefix' : m === '~' ? 'regex (case-sensitive)' : m === '~*' ? 'regex (case-insensitive)' : 'named';
}

function gunicornDetails(i: GunicornInstance, g: GraphBuilder): Array<[string, string]> {
  const d: Array<[string, string]> = [['defined in', g.rel(i.file)], ['binds', i.binds.map((b) => b.address).join(', ') || '(none)'], ['workers', i.workers === null ? 'depends on the machine' : String(i.workers)]];
  if (i.workerClass) d.push(['worker class', i.workerClass]);
  if (i.user) d.push(['user', String(i.user.value)]);
  if (i.chdir) d.push(['chdir', i.chdir.value]);
  return d;
}

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 3 };

class GraphBuilder {
  private readonly nodeMap = new Map<string, GraphNode>();
  private readonly edgeMap = new Map<string, GraphEdge>();
  private readonly ranges = new Map<GraphNode | GraphEdge, Range>();
  private readonly indexes = new Map<string, LineIndex>();
  private readonly locationIds = new Map<LocationModel, string>();
  private readonly endpointIds = new Map<string, Endpoint>();
  private readonly staticIds = new Map<string, string>();

  constructor(
    private readonly model: DeploymentModel,
    private readonly host: ProjectHost,
  ) {}

  rel(path: string): string {
    return relativeToRoot(this.model, path);
  }

  node(id: string, kind: GraphNodeKind, label: string, details: Array<[string, string]>, range?: Range, status?: GraphStatus): GraphNode {
    const existing = this.nodeMap.get(id);
    if (existing) return existing;
    const n: GraphNode = { id, kind, label, details, status: status ?? 'ok', problems: [], order: [...this.nodeMap.values()].filter((x) => x.kind === kind).length };
    if (range) {
      n.source = this.source(range);
      this.ranges.set(n, range);
    }
    this.nodeMap.set(id, n);
    return n;
  }

  edge(from: string, to: string, label?: string, range?: Range): void {
    const id = `${from}->${to}`;
    if (this.edgeMap.has(id)) return;
    const e: GraphEdge = { id, from, to, status: 'ok', problems: [], ...(label ? { label } : {}) };
    if (range) {
      e.source = this.source(range);
      this.ranges.set(e, range);
    }
    this.edgeMap.set(id, e);
  }

  annotate(id: string, key: string, value: string): void {
    this.nodeMap.get(id)?.details.push([key, value]);
  }

  locationId(loc: LocationModel, serverId?: string): string {
    let id = this.locationIds.get(loc);
    if (!id) {
      id = locationNodeId(serverId ?? serverNodeId(this.rel.bind(this), loc.server), loc);
      this.locationIds.set(loc, id);
    }
    return id;
  }

  /** One node per unix socket path; one per TCP host:port nginx connects to. */
  endpointNode(e: Endpoint): string {
    const id = e.kind === 'unix' ? `socket:${e.path}` : `port:${formatEndpoint(e)}`;
    this.endpointIds.set(id, e);
    const local = isLocal(e);
    this.node(id, e.kind === 'unix' ? 'socket' : 'port', formatEndpoint(e), [['address', formatEndpoint(e)], ['on this machine', local ? 'yes' : 'another host (not modelled)']], undefined, local ? undefined : 'unknown');
    return id;
  }

  /** The endpoint nodes a gunicorn bind accepts connections from. */
  endpointsReaching(bind: string): string[] {
    return [...this.endpointIds].filter(([, e]) => reaches(e, bind) !== 'no').map(([id]) => id);
  }

  /** A node for a bind nobody proxies to (unix sockets share the per-path node). */
  bindNode(address: string): string {
    if (address.startsWith('unix:')) return this.endpointNode({ kind: 'unix', path: address.slice(5) });
    const id = `port:${address}`;
    this.node(id, 'port', address, [['address', address], ['note', 'no nginx location proxies here']]);
    return id;
  }

  /** A static directory node, keyed by server path; its workspace folder, whether it exists, how many files. */
  staticNode(serverPath: string, via: 'alias' | 'root'): string {
    const id = `static:${serverPath}`;
    if (this.nodeMap.has(id)) return id;
    const ws = this.model.paths.dir(serverPath.replace(/\/+$/, '') || '/');
    const details: Array<[string, string]> = [['server path', serverPath], ['via', via]];
    let status: GraphStatus | undefined;
    if (ws) {
      details.push(['workspace folder', this.rel(ws)], ['files', String(countFiles(this.host, ws, 5000))]);
      this.staticIds.set(ws, id);
    } else {
      details.push(['workspace folder', 'on the server only']);
      status = 'unknown';
    }
    this.node(id, 'static', serverPath, details, undefined, status);
    return id;
  }

  /** Static nodes whose workspace folder is `dir` (an app's static folder). */
  staticNodesFor(dir: string): string[] {
    const id = this.staticIds.get(dir.replace(/\/+$/, ''));
    return id ? [id] : [];
  }

  /** Colours every node and edge whose range a finding overlaps. */
  applyFindings(findings: readonly Finding[]): void {
    for (const [item, r] of this.ranges) {
      const hits = findings.filter((f) => f.file === r.file && f.start < Math.max(r.end, r.start + 1) && Math.max(f.end, f.start + 1) > r.start && (f.severity === 'error' || f.severity === 'warning'));
      if (hits.length === 0) continue;
      hits.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
      item.problems = hits.map((f): GraphProblem => ({ severity: f.severity, code: f.code, message: f.message, fixes: (f.fixes ?? []).map((x) => x.title) }));
      item.status = hits[0].severity === 'error' ? 'error' : 'warning';
    }
  }

  nodes(): GraphNode[] {
    return [...this.nodeMap.values()];
  }

  edges(): GraphEdge[] {
    return [...this.edgeMap.values()].filter((e) => this.nodeMap.has(e.from) && this.nodeMap.has(e.to));
  }

  private source(r: Range): GraphSource {
    let idx = this.indexes.get(r.file);
    if (!idx) this.indexes.set(r.file, (idx = new LineIndex(this.host.readFile(r.file) ?? '')));
    const p = idx.positionAt(r.start);
    return { file: r.file, start: r.start, end: r.end, line: p.line, character: p.character };
  }
}

/** Files below `dir`, counted up to `limit` (then the count says "limit+"). */
function countFiles(host: ProjectHost, dir: string, limit: number): string {
  let n = 0;
  const stack = [dir];
  while (stack.length > 0 && n <= limit) {
    const d = stack.pop()!;
    for (const e of host.readDirectory(d)) {
      if (e.type === 'directory') stack.push(posix.join(d, e.name));
      else if (e.type === 'file') n++;
    }
  }
  return n > limit ? `${limit}+` : String(n);
}
