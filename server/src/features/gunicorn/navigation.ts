/**
 * Navigation from the gunicorn side: a bind address -> the nginx lines that connect to it (the way
 * back from `proxy_pass http://unix:...`), `-c PATH` -> the config file, and the WSGI target -> the
 * Python def or assignment gunicorn imports (through the app reader's resolution of `module:callable`).
 */
import type { FeatureContext } from '../context';
import type { FileSpan } from '../types';
import { workspaceBinds } from './binds';
import { endpointReferences } from '../nginx/navigation';
import { nginxEndpoints, parseBindAddress, reaches } from '../endpoints';
import { createModuleLoader } from '../../project/app/loader';
import { gunicornSearchPaths } from '../../project/app/index';
import { analyzeTarget } from '../../project/app/wsgi';
import { isPythonReady } from '../../python/parse';
import { configFileAt } from './links';

/** Definition from a launcher or gunicorn.conf.py. */
export function gunicornDefinition(ctx: FeatureContext, path: string, offset: number): FileSpan[] {
  const bind = bindAt(ctx, path, offset);
  if (bind) {
    return nginxEndpoints(ctx)
      .filter((e) => reaches(e.address, bind))
      .map((e) => ({ file: e.file, start: e.start, end: e.end }));
  }
  const config = configFileAt(ctx, path, offset);
  if (config) return [{ file: config, start: 0, end: 0 }];
  return wsgiDefinition(ctx, path, offset);
}

/** References of a bind address: every nginx line reaching it and every bind of it. */
export function gunicornReferences(ctx: FeatureContext, path: string, offset: number, withDeclaration = true): FileSpan[] {
  const bind = bindAt(ctx, path, offset);
  return bind ? endpointReferences(ctx, undefined, bind, withDeclaration) : [];
}

function bindAt(ctx: FeatureContext, path: string, offset: number): ReturnType<typeof parseBindAddress> {
  for (const b of workspaceBinds(ctx)) {
    if (b.file === path && offset >= b.start && offset <= b.end) return parseBindAddress(b.address, b.socketPath);
  }
  return undefined;
}

/** The Python definition of the WSGI target under the cursor. */
function wsgiDefinition(ctx: FeatureContext, path: string, offset: number): FileSpan[] {
  if (!isPythonReady()) return [];
  for (const i of ctx.gunicorn()) {
    const src = i.app?.source;
    if (!i.app || !src || src.file !== path || offset < src.start || offset > src.end) continue;
    const chdir = i.chdirWorkspace;
    if (!chdir) return [];
    const loader = createModuleLoader(ctx.host, { searchPaths: gunicornSearchPaths({ chdir }), cwd: chdir });
    const verdict = analyzeTarget(loader, i.app.value);
    if (verdict.definition) return [verdict.definition];
    if (verdict.module && 'file' in verdict.module && typeof verdict.module.file === 'string') return [{ file: verdict.module.file, start: 0, end: 0 }];
    return [];
  }
  return [];
}
