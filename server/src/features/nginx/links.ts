/**
 * Document links of nginx files: `include` targets (each file a mask matches, when it matches
 * one), and the workspace folder or file behind `alias`, `root`, certificates and password files.
 */
import type { FeatureContext } from '../context';
import type { DocLink } from '../types';
import { allDirectives } from './cursor';
import { includeTargets } from './navigation';
import { workspaceDir, workspaceFile } from '../paths';

const FILE_DIRECTIVES = new Set(['ssl_certificate', 'ssl_certificate_key', 'ssl_trusted_certificate', 'ssl_client_certificate', 'ssl_dhparam', 'auth_basic_user_file', 'proxy_ssl_certificate', 'proxy_ssl_certificate_key']);

/** The links of the nginx file at `path`. */
export function nginxLinks(ctx: FeatureContext, path: string): DocLink[] {
  const file = ctx.nginx(path);
  if (!file) return [];
  const out: DocLink[] = [];
  for (const d of allDirectives(file)) {
    const w = d.args[0];
    if (!w || w.value.includes('$')) continue;
    const span = { start: w.start + (w.quote ? 1 : 0), end: w.end - (w.quote && w.end - w.start >= 2 ? 1 : 0) };
    if (d.name === 'include') {
      const targets = includeTargets(ctx, path, d);
      if (targets.length === 1) out.push({ ...span, target: targets[0].file });
      continue;
    }
    if (d.name === 'alias' || d.name === 'root') {
      const dir = w.value.startsWith('/') ? workspaceDir(ctx, w.value, path) : undefined;
      if (dir) out.push({ ...span, target: dir, tooltip: `workspace folder ${dir}` });
      continue;
    }
    if (FILE_DIRECTIVES.has(d.name) && w.value.startsWith('/')) {
      const f = workspaceFile(ctx, w.value, path);
      if (f) out.push({ ...span, target: f });
    }
  }
  return out;
}
