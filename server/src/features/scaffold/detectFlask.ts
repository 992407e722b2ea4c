/**
 * Finds the Flask app gunicorn should load from an app folder: every module-level app object
 * (`app = Flask(__name__)`, also `app = create_app()` and middleware around an app) and every app
 * factory (`def create_app(): ... return app`) of the folder's top-level modules, ranked the way a
 * deployment guide would choose: an explicit WSGI entry module first (`wsgi.py`), then a package's
 * factory (the Flask tutorial layout), then app objects.
 */
import { arityError, type PyFunction, type PyModule } from '../../python/evaluate';
import type { PyValue } from '../../python/values';
import { APP_CALLEES, appFramework, factoryInfo } from '../../project/app/appObjects';
import type { ModuleLoader } from '../../project/app/loader';
import { analyzeTarget } from '../../project/app/wsgi';
import type { TopModule } from './modules';
import type { FlaskShape } from './types';

/** One way to load a Flask app, before ranking. */
export interface FlaskCandidate {
  module: string;
  isPackage: boolean;
  callable: string;
  shape: FlaskShape;
  target: string;
  factory?: { params: string[]; required: number };
  definedAt: { file: string; start: number; end: number };
  /** Smaller is better. */
  rank: number;
}

/** Modules whose only purpose is to hand the app to a WSGI server. */
const ENTRY_MODULES = new Set(['wsgi', 'application', 'asgi', 'server', 'serve']);

/** True when `v` is a Flask app, possibly inside middleware (`ProxyFix(app)`, `ProxyFix(app.wsgi_app)` is not). */
function isFlaskApp(v: PyValue | undefined, depth = 0): boolean {
  if (!v || v.kind !== 'call' || depth > 5) return false;
  const fw = appFramework(v);
  if (fw === 'flask') return true;
  if (!APP_CALLEES.has(v.callee)) return false;
  return isFlaskApp(v.args[0] ?? v.kwargs.app, depth + 1);
}

function factoryOf(fn: PyFunction): { params: string[]; required: number } {
  const params = fn.params.filter((p) => p.kind !== 'var-positional' && p.kind !== 'var-keyword').map((p) => p.name);
  const required = fn.params.filter((p) => !p.hasDefault && p.kind !== 'var-positional' && p.kind !== 'var-keyword').length;
  return { params, required };
}

function candidatesIn(mod: PyModule, top: TopModule): FlaskCandidate[] {
  const out: FlaskCandidate[] = [];
  const entry = ENTRY_MODULES.has(top.name) ? 0 : 1;
  for (const [name, b] of mod.scope.vars) {
    // Only what the module itself defines: an imported app is found in its own module.
    if (!mod.file || b.file !== mod.file || name.startsWith('_')) continue;
    if (b.fn) {
      const info = factoryInfo(b.fn);
      if (!info.factory || (info.app && !isFlaskApp(info.app))) continue;
      const factory = factoryOf(b.fn);
      const callable = arityError(b.fn.name, b.fn.params, 0, []) === undefined;
      // A factory that needs arguments cannot be called as `create_app()`: the last resort.
      const rank = !callable ? 90 : info.byName ? 60 : top.isPackage ? 10 : 40;
      out.push({
        module: top.name,
        isPackage: top.isPackage,
        callable: name,
        shape: 'factory',
        target: `${top.name}:${name}()`,
        factory,
        definedAt: { file: b.file, start: b.fn.nameStart, end: b.fn.nameEnd },
        rank: rank + entry,
      });
    } else if (isFlaskApp(b.value) && !b.conditional) {
      const base = entry === 0 ? 0 : top.isPackage ? 20 : 30;
      // `app`/`application` are what readers (and gunicorn's default) expect; other names come later.
      const named = name === 'app' || name === 'application' ? 0 : 5;
      out.push({
        module: top.name,
        isPackage: top.isPackage,
        callable: name,
        shape: top.isPackage ? 'package' : 'module',
        target: `${top.name}:${name}`,
        definedAt: { file: b.file, start: b.nameSpan?.start ?? 0, end: b.nameSpan?.end ?? 0 },
        rank: base + named,
      });
    }
  }
  return out;
}

/** The Flask candidates of the folder, best first; each target is one gunicorn accepts (statically). */
export function flaskCandidates(loader: ModuleLoader, tops: readonly TopModule[]): FlaskCandidate[] {
  const out: FlaskCandidate[] = [];
  for (const top of tops) {
    const mod = loader.load(top.name);
    if (!mod) continue;
    for (const c of candidatesIn(mod, top)) {
      // A target gunicorn refuses (an import error, an arity mismatch) is kept only as a last resort.
      const verdict = analyzeTarget(loader, c.target);
      out.push(verdict.kind === 'found' ? c : { ...c, rank: c.rank + 100 });
    }
  }
  // Stable: equal ranks keep the folder order (packages first, by name).
  return out.map((c, i) => ({ c, i })).sort((a, b) => a.c.rank - b.c.rank || a.i - b.i).map((x) => x.c);
}
