/**
 * `include` masks the way nginx expands them: glob(3) with no flags, so `*`, `?` and `[...]`
 * (with `!` or `^` negation and ranges) match within one path component, a leading dot must be
 * matched explicitly, a backslash quotes the next character, and the matches come back sorted
 * in byte order. Only the host is asked about files.
 */
import type { ProjectHost } from '../common/host';

/** True when nginx treats an include target as a mask (it looks for any of `*?[`). */
export function isGlob(target: string): boolean {
  return /[*?[]/.test(target);
}

/** Turns one path component pattern into an anchored regular expression. */
export function componentRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]);
    } else if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (c === '[') {
      const close = findClass(pattern, i);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let negate = false;
      if (body[0] === '!' || body[0] === '^') {
        negate = true;
        body = body.slice(1);
      }
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => '\\' + m)}]`;
      i = close;
    } else {
      re += escapeRe(c);
    }
  }
  try {
    return new RegExp(re + '$', 's');
  } catch {
    // A class glob(3) accepts but JavaScript does not (a reversed range such as [z-a]) matches nothing.
    return /(?!)/;
  }
}

/** Index of the `]` that closes the class opened at `open` (a `]` right after `[` or `[!` is literal). */
function findClass(pattern: string, open: number): number {
  let j = open + 1;
  if (pattern[j] === '!' || pattern[j] === '^') j++;
  if (pattern[j] === ']') j++;
  for (; j < pattern.length; j++) if (pattern[j] === ']') return j;
  return -1;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Byte-order comparison of two names (what glob's sort gives in the C locale). */
export function compareBytes(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}

/** Result of expanding a mask: the matching files, sorted, and whether `limit` cut the list. */
export interface GlobResult {
  files: string[];
  truncated: boolean;
}

/**
 * Expands an absolute mask against the host. Directories are walked one component at a time,
 * files are returned (directories that match the last component are left out: nginx would fail
 * to read them as configuration, and they are never what a mask means). At most `limit` paths.
 */
export function expandGlob(host: ProjectHost, mask: string, limit: number): GlobResult {
  const parts = mask.split('/').filter((p, i) => p !== '' || i === 0);
  let dirs: string[] = [''];
  const out: string[] = [];
  let truncated = false;
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k];
    const last = k === parts.length - 1;
    const next: string[] = [];
    for (const dir of dirs) {
      if (!isGlob(part)) {
        const p = `${dir}/${part.replace(/\\(.)/g, '$1')}`;
        const st = host.stat(p);
        if (!st) continue;
        if (last) {
          if (st.type === 'file') out.push(p);
        } else if (st.type === 'directory') next.push(p);
        continue;
      }
      const re = componentRegExp(part);
      const explicitDot = part.startsWith('.');
      for (const e of host.readDirectory(dir === '' ? '/' : dir)) {
        if (e.name.startsWith('.') && !explicitDot) continue;
        if (!re.test(e.name)) continue;
        const p = `${dir}/${e.name}`;
        if (last) {
          if (e.type !== 'file') continue;
          if (out.length === limit) {
            truncated = true;
            break;
          }
          out.push(p);
        } else if (e.type === 'directory') next.push(p);
      }
      if (truncated) break;
    }
    if (truncated || last) break;
    dirs = next;
    if (dirs.length === 0) break;
  }
  out.sort(compareBytes);
  return { files: out, truncated };
}
