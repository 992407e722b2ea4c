// Shared helpers of the router unit tests: a config from text, and one-call routing.
import type { NginxConfig, NginxContext } from '../../../server/src/nginx/config';
import { parseNginx } from '../../../server/src/nginx/parser';
import { routeRequest, type RouteOptions, type RouteResult } from '../../../server/src/nginx/routing';

/** A config of one file (no includes), read in `context` (a sites-enabled file by default). */
export function configOf(text: string, context: NginxContext = 'http', path = '/etc/nginx/sites-enabled/site'): NginxConfig {
  const main = parseNginx(text, path);
  if (main.errors.length > 0) throw new Error(`test config does not parse: ${main.errors.map((e) => e.message).join('; ')}`);
  return { main, context, files: new Map([[path, main]]), includes: new Map(), findings: [] };
}

/** Routes one request: `host` (null for none), `path` as sent, port 80 unless given. */
export function route(config: NginxConfig, host: string | null, path: string, extra: { port?: number; address?: string; scheme?: 'http' | 'https' } = {}, options: RouteOptions = {}): RouteResult {
  return routeRequest(config, { host, path, port: extra.port ?? 80, ...(extra.address ? { address: extra.address } : {}), ...(extra.scheme ? { scheme: extra.scheme } : {}) }, options);
}

/** The text of the `add_header X-Id` (or the pattern) of the chosen location, or "-" for none. */
export function locationOf(r: RouteResult): string {
  if (r.status) return String(r.status);
  if (!r.location) return '-';
  return `${r.location.modifier ? r.location.modifier + ' ' : ''}${r.location.pattern}`;
}
