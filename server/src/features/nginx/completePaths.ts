/**
 * File and folder completion for `include`, `alias`, `root` and certificate paths. The typed
 * directory is a server path; it is mapped to a workspace folder (features/paths.ts) whose entries
 * are proposed. Only the last path segment is replaced, so what the user typed for the server stays.
 */
import { posix } from 'node:path';
import type { FeatureContext } from '../context';
import type { CompletionEntry } from '../types';
import type { NginxCursor } from './cursor';
import { confDirOf, workspaceDir } from '../paths';
import { DEBIAN_NGINX_FILES } from '../../nginx/index';

/** Entries proposed at most per folder (a folder of thousands of files is not browsed by completion). */
const MAX_ENTRIES = 500;

/** Proposals for the path being typed; `folders` proposes directories only. */
export function pathCompletions(ctx: FeatureContext, cur: NginxCursor, want: 'files' | 'folders'): CompletionEntry[] {
  const w = cur.word;
  const quote = w?.quote ? 1 : 0;
  const typed = w ? cur.file.text.slice(w.start + quote, cur.offset) : '';
  const slash = typed.lastIndexOf('/');
  const dirPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const segStart = cur.offset - (typed.length - dirPart.length);
  // Replace the rest of the segment after the cursor, up to the next `/`, quote or the word end.
  const rest = w ? /^[^/"';]*/.exec(cur.file.text.slice(cur.offset, w.end - quote))?.[0] ?? '' : '';
  const segEnd = cur.offset + rest.length;
  const isInclude = cur.directive?.name === 'include';

  let dir: string | undefined;
  if (dirPart.startsWith('/')) dir = workspaceDir(ctx, dirPart, cur.file.path);
  else if (isInclude) dir = posix.join(confDirOf(ctx, cur.file.path), dirPart);
  else dir = posix.join(posix.dirname(cur.file.path), dirPart);

  if (dir && dir.length > 1) dir = dir.replace(/\/+$/, '');
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  if (dir) {
    let n = 0;
    for (const e of ctx.host.readDirectory(dir)) {
      if (n++ >= MAX_ENTRIES) break;
      if (e.type === 'directory') {
        seen.add(`${e.name}/`);
        out.push({ label: `${e.name}/`, kind: 'folder', start: segStart, end: segEnd, retrigger: true, detail: posix.join(dir, e.name) });
      } else if (want === 'files' && e.type === 'file') {
        seen.add(e.name);
        out.push({ label: e.name, kind: 'file', start: segStart, end: segEnd, detail: posix.join(dir, e.name) });
      }
    }
  }
  // Debian's stock files exist on every server even when the workspace has no copy of /etc/nginx.
  if (isInclude && (dirPart === '' || dirPart === '/etc/nginx/')) {
    for (const name of Object.keys(DEBIAN_NGINX_FILES)) {
      const first = name.includes('/') ? `${name.slice(0, name.indexOf('/') + 1)}` : name;
      if (seen.has(first)) continue;
      seen.add(first);
      out.push({ label: first, kind: first.endsWith('/') ? 'folder' : 'file', detail: 'Debian nginx package', start: segStart, end: segEnd, retrigger: first.endsWith('/'), sortText: `1${first}` });
    }
  }
  return out;
}
