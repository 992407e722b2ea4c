/**
 * systemd's word splitting (`extract_first_word` with EXTRACT_UNQUOTE, and EXTRACT_CUNESCAPE for
 * command lines and Environment=): whitespace separates words; `"…"` and `'…'` may appear anywhere in
 * a word and are removed; a backslash escapes the next character, or with C unescaping starts a C
 * escape (`\n`, `\t`, `\s` for space, `\xHH`, `\NNN` octal, `\uHHHH`, ...). This is not a shell:
 * no `$(…)`, no globbing, no `&&`.
 */
import type { Word } from '../words';

/** Options: `cunescape` turns `\n`-style escapes into characters (ExecStart=, Environment=). */
export interface ExtractOptions {
  cunescape: boolean;
  /** Tolerate an unbalanced quote or a trailing backslash (EXTRACT_RELAX), as when splitting `$VAR` values. */
  relax?: boolean;
}

/** Words of `value`, whose characters sit at `offsets` in `file`; errors are systemd's reasons to ignore the line. */
export interface Extracted {
  words: Word[];
  errors: Array<{ start: number; end: number; message: string }>;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ', ';': ';' };

/** One C escape at `s[i]` (just after the backslash): the character(s) and how many source characters it used. */
function cunescapeOne(s: string, i: number): { text: string; length: number } | undefined {
  const c = s[i];
  if (c === undefined) return undefined;
  if (c in SIMPLE) return { text: SIMPLE[c], length: 1 };
  const hex = (n: number) => {
    const h = s.slice(i + 1, i + 1 + n);
    return h.length === n && /^[0-9a-fA-F]+$/.test(h) ? parseInt(h, 16) : undefined;
  };
  if (c === 'x') {
    const v = hex(2);
    return v === undefined || v === 0 ? undefined : { text: String.fromCharCode(v), length: 3 };
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    const v = hex(n);
    return v === undefined || v === 0 || v > 0x10ffff ? undefined : { text: String.fromCodePoint(v), length: 1 + n };
  }
  if (/[0-7]/.test(c)) {
    const o = s.slice(i, i + 3);
    if (!/^[0-3][0-7][0-7]$/.test(o)) return undefined;
    const v = parseInt(o, 8);
    return v === 0 ? undefined : { text: String.fromCharCode(v), length: 3 };
  }
  return undefined;
}

const WS = /[ \t\n\r]/;

/** Splits `value` into words the way systemd does; see the module comment. */
export function extractWords(value: string, offsets: readonly number[], file: string, options: ExtractOptions): Extracted {
  const out: Extracted = { words: [], errors: [] };
  const at = (k: number) => offsets[Math.min(k, offsets.length - 1)] ?? 0;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && WS.test(value[i])) i++;
    if (i >= value.length) break;
    const wordStart = i;
    let text = '';
    const map: number[] = [];
    let quote: string | null = null;
    let failed = false;
    while (i < value.length) {
      const c = value[i];
      if (quote === null && WS.test(c)) break;
      if (c === '\\') {
        if (i + 1 >= value.length) {
          if (!options.relax) {
            out.errors.push({ start: at(i), end: at(i) + 1, message: 'Trailing backslash' });
            failed = true;
          }
          i++;
          continue;
        }
        if (options.cunescape) {
          const e = cunescapeOne(value, i + 1);
          if (!e) {
            out.errors.push({ start: at(i), end: at(i + 2), message: `Invalid escape sequence "\\${value[i + 1]}"` });
            failed = true;
            text += value[i + 1];
            map.push(at(i));
            i += 2;
            continue;
          }
          for (let k = 0; k < e.text.length; k++) map.push(at(i));
          text += e.text;
          i += 1 + e.length;
        } else {
          text += value[i + 1];
          map.push(at(i));
          i += 2;
        }
        continue;
      }
      if (quote === null && (c === '"' || c === "'")) {
        quote = c;
        i++;
        continue;
      }
      if (quote !== null && c === quote) {
        quote = null;
        i++;
        continue;
      }
      text += c;
      map.push(at(i));
      i++;
    }
    if (quote !== null && !options.relax) {
      out.errors.push({ start: at(wordStart), end: at(value.length), message: 'Unbalanced quoting' });
      failed = true;
    }
    const end = at(i - 1) + 1;
    map.push(end);
    if (!failed || options.relax) out.words.push({ value: text, file, start: at(wordStart), end, offsets: map });
  }
  return out;
}
