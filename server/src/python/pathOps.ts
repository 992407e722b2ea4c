// POSIX path arithmetic as os.path and pathlib.PurePosixPath do it. Pure string work: the
// evaluator models paths in the terms of the files' own (workspace) locations, never the disk.

/** os.path.join / `Path / x`: an absolute component restarts the path. Keeps a trailing slash (os.path.join does). */
export function joinPath(...parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (p.startsWith('/')) out = p;
    else if (out === '' || out.endsWith('/')) out += p;
    else out += '/' + p;
  }
  return out;
}

/** os.path.normpath: collapses `//`, `.` and `..` (a leading `..` of a relative path stays). */
export function normPath(p: string): string {
  if (p === '') return '.';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const body = out.join('/');
  return abs ? '/' + body : body || '.';
}

/** os.path.dirname: everything before the last slash, trailing slashes of the head removed (except the root). */
export function dirName(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  const head = p.slice(0, i + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

/** os.path.basename: the part after the last slash ('' when the path ends with one). */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * pathlib's view of a path: `Path('a/b/')` is `a/b`; `Path('')` is `.`. pathlib collapses slashes and
 * drops `.` segments, but keeps `..` (only `.resolve()` removes them).
 */
export function purePath(p: string): string {
  if (p === '') return '.';
  const abs = p.startsWith('/');
  const segs = p.split('/').filter((s) => s !== '' && s !== '.');
  const body = segs.join('/');
  return abs ? '/' + body : body || '.';
}

/** `Path(p).parent`: the path without its last segment (`.` for a single relative segment, `/` for the root). */
export function parentPath(p: string): string {
  const pure = purePath(p);
  if (pure === '/' || pure === '.') return pure;
  const i = pure.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : pure.slice(0, i);
}

/** `Path(p).resolve()` / os.path.abspath: absolute against `cwd` (when relative), then normalised. */
export function resolvePath(p: string, cwd: string | undefined): string {
  const abs = p.startsWith('/') ? p : cwd ? joinPath(cwd, p) : p;
  return normPath(abs);
}
