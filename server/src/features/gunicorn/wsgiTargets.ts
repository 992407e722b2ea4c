/**
 * WSGI targets (`module:callable`) the workspace's Python files offer, for completion on a gunicorn
 * command line: module-level apps (`app = Flask(__name__)`, `application = get_wsgi_application()`)
 * and app factories (`def create_app(...)`), named as gunicorn imports them from its --chdir.
 */
import { posix } from 'node:path';
import type { FeatureContext } from '../context';
import { rootOf } from '../context';

/** One proposal. */
export interface WsgiCandidate {
  target: string;
  detail: string;
  file: string;
}

const APP_ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)?(Flask|get_wsgi_application|WSGIHandler|make_app|create_app|Quart|Bottle|Pyramid|Configurator)\s*\(/gm;
const FACTORY = /^def\s+(create_app|make_app|app_factory|get_app|[A-Za-z0-9_]*_app)\s*\(/gm;

/** Candidates for the gunicorn started in `launcher` (the workspace folder of its --chdir, else its root). */
export function wsgiCandidates(ctx: FeatureContext, launcher: string): WsgiCandidate[] {
  const instance = ctx.gunicorn().find((i) => i.file === launcher || i.range.file === launcher);
  const base = instance?.chdirWorkspace ?? rootOf(ctx, launcher) ?? posix.dirname(launcher);
  const out: WsgiCandidate[] = [];
  const seen = new Set<string>();
  for (const f of ctx.files()) {
    if (f.kind !== 'python' || !f.path.startsWith(base + '/')) continue;
    const module = moduleName(f.path.slice(base.length + 1));
    if (!module) continue;
    const text = ctx.host.readFile(f.path);
    if (!text || (!text.includes('Flask') && !text.includes('wsgi') && !text.includes('def '))) continue;
    const add = (target: string, detail: string): void => {
      if (seen.has(target)) return;
      seen.add(target);
      out.push({ target, detail, file: f.path });
    };
    for (const m of text.matchAll(APP_ASSIGN)) add(m[1] === 'application' ? module : `${module}:${m[1]}`, `${m[2]}() in ${posix.relative(base, f.path)}`);
    for (const m of text.matchAll(FACTORY)) add(`${module}:${m[1]}()`, `factory in ${posix.relative(base, f.path)}`);
  }
  return out;
}

/** `pkg/sub/mod.py` -> `pkg.sub.mod`; `pkg/__init__.py` -> `pkg`; undefined for names Python cannot import. */
export function moduleName(relative: string): string | undefined {
  const parts = relative.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts.length === 0 || !parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return undefined;
  return parts.join('.');
}
