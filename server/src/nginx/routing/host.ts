import { asciiLower, byteAt } from './bytes';

/** A Host header as nginx reads it, or why nginx answers 400. */
export type ValidatedHost = { ok: true; host: string } | { ok: false; reason: string };

/**
 * `ngx_http_validate_host` (nginx 1.22): the header value without surrounding blanks, then
 * `..` anywhere, `/`, `\0`, spaces and control characters are refused; the port (from the
 * first `:` outside `[...]`) and one trailing dot are dropped; an empty result is refused;
 * ASCII letters are lowercased. `raw` is a byte string (see bytes.ts).
 */
export function validateHost(raw: string): ValidatedHost {
  // The header parser drops blanks around a value.
  const value = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  let dotPos = value.length;
  let hostLen = value.length;
  let state: 'usual' | 'literal' | 'rest' = 'usual';
  for (let i = 0; i < value.length; i++) {
    const ch = byteAt(value, i);
    if (ch === 0x2e) {
      if (dotPos === i - 1) return { ok: false, reason: 'two dots in a row in the Host header' };
      dotPos = i;
    } else if (ch === 0x3a) {
      if (state === 'usual') {
        hostLen = i;
        state = 'rest';
      }
    } else if (ch === 0x5b) {
      if (i === 0) state = 'literal';
    } else if (ch === 0x5d) {
      if (state === 'literal') {
        hostLen = i + 1;
        state = 'rest';
      }
    } else if (ch === 0x2f) {
      return { ok: false, reason: '"/" in the Host header' };
    } else if (ch <= 0x20 || ch === 0x7f) {
      return { ok: false, reason: 'a space or control character in the Host header' };
    }
  }
  if (dotPos === hostLen - 1) hostLen--;
  if (hostLen <= 0) return { ok: false, reason: 'the Host header names no host' };
  return { ok: true, host: asciiLower(value.slice(0, hostLen)) };
}
