/**
 * What the workspace already says about the deployment, so the scaffold asks as little as
 * possible: where deployment files are kept (an existing `deploy/nginx/sites-available/` is used
 * again), the server path, user and virtualenv of an existing gunicorn unit, and the domain from an
 * existing nginx site or Django's ALLOWED_HOSTS.
 */
import { posix } from 'node:path';
import type { ProjectHost } from '../../common/host';
import { readGunicornWorkspace } from '../../gunicorn/index';
import { directivesOf, type Directive, type NginxFile } from '../../nginx/ast';
import { parseNginx } from '../../nginx/parser';
import { discoverWorkspace } from '../../project/discover';
import { checkDomain, checkServerPath } from './answers';
import type { DetectedApp, ScaffoldLayout } from './types';

/** Defaults for the questions, and where each came from (shown in the prompts). */
export interface Suggestions {
  layout: ScaffoldLayout;
  serverPath: string;
  /** The file the server path (and user, virtualenv) was taken from, if any. */
  serverPathFrom?: string;
  domain?: string;
  /** `ALLOWED_HOSTS` or the nginx file the domain was taken from. */
  domainFrom?: string;
  user?: string;
  group?: string;
  venv?: string;
}

/** Files in nginx folders that are not sites. */
const NOT_SITES = new Set(['nginx.conf', 'proxy_params', 'fastcgi_params', 'fastcgi.conf', 'uwsgi_params', 'scgi_params', 'mime.types']);

function mostCommonDir(root: string, files: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(posix.dirname(f), (counts.get(posix.dirname(f)) ?? 0) + 1);
  let best: string | undefined;
  for (const [dir, n] of counts) if (!best || n > counts.get(best)! || (n === counts.get(best)! && dir < best)) best = dir;
  return best === undefined ? undefined : posix.relative(root, best) || '.';
}

/** The folders the workspace keeps nginx sites and systemd units in, else `deploy/nginx` and `deploy/systemd`. */
export function scaffoldLayout(host: ProjectHost, root: string): ScaffoldLayout {
  const files = discoverWorkspace(host, root);
  const sites = files.filter((f) => f.kind === 'nginx' && !NOT_SITES.has(posix.basename(f.path)) && !f.path.includes('/snippets/')).map((f) => f.path);
  const units = files.filter((f) => f.kind === 'systemd-service' || f.kind === 'systemd-socket').map((f) => f.path);
  // A workspace with only a whole nginx.conf keeps its sites where that file includes them from, usually sites-available.
  const conf = files.find((f) => f.kind === 'nginx' && posix.basename(f.path) === 'nginx.conf');
  const confSites = conf && host.stat(posix.join(posix.dirname(conf.path), 'sites-available'))?.type === 'directory' ? posix.relative(root, posix.join(posix.dirname(conf.path), 'sites-available')) : undefined;
  return { nginxDir: mostCommonDir(root, sites) ?? confSites ?? 'deploy/nginx', systemdDir: mostCommonDir(root, units) ?? 'deploy/systemd' };
}

function serverNames(file: NginxFile): string[] {
  const out: string[] = [];
  const walk = (ds: Directive[]) => {
    for (const d of ds) {
      if (d.name === 'server_name') out.push(...d.args.map((w) => w.value));
      if (d.block) walk(directivesOf(d));
    }
  };
  walk(directivesOf(file));
  return out;
}

/** A name worth proposing: a real host name (not `_`, a wildcard, a regex, localhost or an address). */
function realName(n: string): boolean {
  return n !== '_' && !n.startsWith('~') && !n.includes('*') && !n.startsWith('.') && !/^(localhost|127\.|\[?::1\]?$|0\.0\.0\.0)/.test(n) && !/^[\d.]+$/.test(n) && checkDomain(n) === undefined;
}

/** The defaults for `app` in `root`. Never throws; reads the workspace through `host` (needs the Python parser for units' config files). */
export function suggestAnswers(host: ProjectHost, root: string, app: DetectedApp): Suggestions {
  const out: Suggestions = { layout: scaffoldLayout(host, root), serverPath: `/srv/${app.name}` };

  // An existing gunicorn unit that loads this app tells where the app lives on the server.
  const { instances } = readGunicornWorkspace(host, root);
  const module = app.target.split(':')[0].split('.')[0];
  const unit = instances.find((i) => i.kind === 'systemd' && i.chdir?.value.startsWith('/') && i.app?.value.split(':')[0].split('.')[0] === module) ?? instances.find((i) => i.kind === 'systemd' && i.chdir?.value.startsWith('/'));
  if (unit?.chdir && checkServerPath(unit.chdir.value) === undefined) {
    out.serverPath = unit.chdir.value.replace(/\/+$/, '');
    out.serverPathFrom = posix.relative(root, unit.file);
    if (typeof unit.user?.value === 'string') out.user = unit.user.value;
    if (typeof unit.group?.value === 'string') out.group = unit.group.value;
    const program = unit.program;
    if (program && program.startsWith('/') && program.endsWith('/bin/gunicorn') && checkServerPath(program) === undefined) out.venv = program.slice(0, -'/bin/gunicorn'.length);
  }

  if (app.framework === 'django') {
    const name = app.allowedHosts?.find(realName);
    if (name) {
      out.domain = name;
      out.domainFrom = 'ALLOWED_HOSTS';
    }
  }
  if (!out.domain) {
    for (const f of discoverWorkspace(host, root)) {
      if (f.kind !== 'nginx' || NOT_SITES.has(posix.basename(f.path))) continue;
      const name = serverNames(parseNginx(host.readFile(f.path) ?? '', f.path)).find(realName);
      if (name) {
        out.domain = name;
        out.domainFrom = posix.relative(root, f.path);
        break;
      }
    }
  }
  return out;
}
