import { byteAt, byteChar } from './bytes';

/** The URI nginx matches locations against, or why nginx answers 400 before any location. */
export type NormalizedUri =
  | { ok: true; uri: string; args: string | null }
  | { ok: false; status: 400; reason: string };

/** Whether a byte is in nginx's `usual` table (ngx_http_parse.c): copied through without a second look. */
function usual(ch: number): boolean {
  if (ch < 0x20 || ch === 0x7f) return false;
  return ch !== 0x20 && ch !== 0x23 /* # */ && ch !== 0x25 /* % */ && ch !== 0x2b /* + */ && ch !== 0x2e /* . */ && ch !== 0x2f /* / */ && ch !== 0x3f; /* ? */
}

/**
 * The request-line pass of `ngx_http_parse_request_line` over the request target (a byte string
 * starting with `/`): rejects control characters and spaces, and tells whether the URI needs the
 * complex pass (`.` or `/` right after a slash, `%`, `#`). Returns the offset of the `?` or -1.
 */
function scanRequestTarget(target: string): { ok: true; complex: boolean; quoted: boolean; argsAt: number } | { ok: false; reason: string } {
  let state: 'afterSlash' | 'check' | 'uri' = 'afterSlash';
  let complex = false;
  let quoted = false;
  let argsAt = -1;
  for (let i = 1; i < target.length; i++) {
    const ch = byteAt(target, i);
    if (ch === 0x20) return { ok: false, reason: 'a space in the request target ends the URI: the request line is invalid' };
    if (ch === 0x0d || ch === 0x0a) return { ok: false, reason: 'a line break in the request target' };
    if (state === 'afterSlash') {
      if (usual(ch)) {
        state = 'check';
        continue;
      }
      if (ch === 0x2e || ch === 0x2f || ch === 0x23) {
        complex = true;
        state = 'uri';
      } else if (ch === 0x25) {
        quoted = true;
        state = 'uri';
      } else if (ch === 0x3f) {
        argsAt = i;
        state = 'uri';
      } else if (ch === 0x2b) {
        // plus_in_uri only
      } else if (ch < 0x20 || ch === 0x7f) {
        return { ok: false, reason: `control character 0x${ch.toString(16).padStart(2, '0')} in the request line` };
      } else state = 'check';
    } else if (state === 'check') {
      if (usual(ch)) continue;
      if (ch === 0x2f) state = 'afterSlash';
      else if (ch === 0x2e || ch === 0x2b) {
        // an extension starts; nothing to decide
      } else if (ch === 0x25) {
        quoted = true;
        state = 'uri';
      } else if (ch === 0x3f) {
        argsAt = i;
        state = 'uri';
      } else if (ch === 0x23) {
        complex = true;
        state = 'uri';
      } else if (ch < 0x20 || ch === 0x7f) {
        return { ok: false, reason: `control character 0x${ch.toString(16).padStart(2, '0')} in the request line` };
      }
    } else {
      if (usual(ch)) continue;
      if (ch === 0x23) complex = true;
      else if (ch < 0x20 || ch === 0x7f) return { ok: false, reason: `control character 0x${ch.toString(16).padStart(2, '0')} in the request line` };
    }
  }
  return { ok: true, complex, quoted, argsAt };
}

/**
 * Normalizes a request target the way nginx does before it matches locations: the request-line
 * checks, then (for targets with `%`, `//`, `/.`, `#`) `ngx_http_parse_complex_uri`: percent-decoding,
 * slash merging (`merge_slashes`), `.` and `..` resolution, `..` above the root is 400, the query
 * and a `#fragment` are not part of the URI. `target` is a byte string (see bytes.ts) as sent on
 * the request line. nginx quirks kept: a decoded `%2F` is a real slash, `%2E%2E` a real `..`, a
 * decoded `?`, `#` or `%` is a literal character, `%00` and a truncated `%X` are 400.
 */
export function normalizeUri(target: string, mergeSlashes: boolean): NormalizedUri {
  if (target.length === 0 || target[0] !== '/') {
    return { ok: false, status: 400, reason: 'the request target does not start with "/"' };
  }
  const scan = scanRequestTarget(target);
  if (!scan.ok) return { ok: false, status: 400, reason: scan.reason };
  if (!scan.complex && !scan.quoted) {
    if (scan.argsAt < 0) return { ok: true, uri: target, args: null };
    return { ok: true, uri: target.slice(0, scan.argsAt), args: target.slice(scan.argsAt + 1) };
  }
  return parseComplexUri(target, mergeSlashes);
}

type State = 'usual' | 'slash' | 'dot' | 'dotDot' | 'quoted' | 'quotedSecond';

function hexValue(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  const c = ch | 0x20;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** `ngx_http_parse_complex_uri`, byte for byte (the non-Windows build). */
function parseComplexUri(target: string, mergeSlashes: boolean): NormalizedUri {
  const u: number[] = [];
  let state: State = 'usual';
  let quotedState: State = 'usual';
  let decoded = 0;
  let p = 0;
  let ch = byteAt(target, p++);
  let args: string | null = null;
  // Set when nginx would `goto args` / `goto done` (a `?` or `#` ends the path).
  let jumped = false;
  const bad = (reason: string): NormalizedUri => ({ ok: false, status: 400, reason });
  // Removes the last path segment for `..`: nginx steps back over "/.." and the segment before it.
  const up = (): boolean => {
    let i = u.length - 4;
    for (;;) {
      if (i < 0) return false;
      if (u[i] === 0x2f) {
        u.length = i + 1;
        return true;
      }
      i--;
    }
  };
  const startArgs = (): void => {
    const rest = target.slice(p);
    const hash = rest.indexOf('#');
    args = hash < 0 ? rest : rest.slice(0, hash);
    jumped = true;
  };

  loop: while (p <= target.length) {
    switch (state) {
      case 'usual':
        if (usual(ch)) {
          u.push(ch);
          ch = byteAt(target, p++);
          break;
        }
        if (ch === 0x2f) {
          state = 'slash';
          u.push(ch);
        } else if (ch === 0x25) {
          quotedState = state;
          state = 'quoted';
        } else if (ch === 0x3f) {
          startArgs();
          break loop;
        } else if (ch === 0x23) {
          jumped = true;
          break loop;
        } else u.push(ch);
        ch = byteAt(target, p++);
        break;
      case 'slash':
        if (usual(ch)) {
          state = 'usual';
          u.push(ch);
          ch = byteAt(target, p++);
          break;
        }
        if (ch === 0x2f) {
          if (!mergeSlashes) u.push(ch);
        } else if (ch === 0x2e) {
          state = 'dot';
          u.push(ch);
        } else if (ch === 0x25) {
          quotedState = state;
          state = 'quoted';
        } else if (ch === 0x3f) {
          startArgs();
          break loop;
        } else if (ch === 0x23) {
          jumped = true;
          break loop;
        } else {
          state = 'usual';
          u.push(ch);
        }
        ch = byteAt(target, p++);
        break;
      case 'dot':
        if (usual(ch)) {
          state = 'usual';
          u.push(ch);
          ch = byteAt(target, p++);
          break;
        }
        if (ch === 0x2f) {
          state = 'slash';
          u.pop();
        } else if (ch === 0x2e) {
          state = 'dotDot';
          u.push(ch);
        } else if (ch === 0x25) {
          quotedState = state;
          state = 'quoted';
        } else if (ch === 0x3f) {
          u.pop();
          startArgs();
          break loop;
        } else if (ch === 0x23) {
          u.pop();
          jumped = true;
          break loop;
        } else {
          state = 'usual';
          u.push(ch);
        }
        ch = byteAt(target, p++);
        break;
      case 'dotDot':
        if (usual(ch)) {
          state = 'usual';
          u.push(ch);
          ch = byteAt(target, p++);
          break;
        }
        if (ch === 0x2f || ch === 0x3f || ch === 0x23) {
          if (!up()) return bad('"/.." goes above the root');
          if (ch === 0x3f) {
            startArgs();
            break loop;
          }
          if (ch === 0x23) {
            jumped = true;
            break loop;
          }
          state = 'slash';
        } else if (ch === 0x25) {
          quotedState = state;
          state = 'quoted';
        } else {
          state = 'usual';
          u.push(ch);
        }
        ch = byteAt(target, p++);
        break;
      case 'quoted': {
        const v = hexValue(ch);
        if (v < 0) return bad('"%" is not followed by two hex digits');
        decoded = v;
        state = 'quotedSecond';
        ch = byteAt(target, p++);
        break;
      }
      case 'quotedSecond': {
        const isDigit = ch >= 0x30 && ch <= 0x39;
        const v = hexValue(ch);
        if (v < 0) return bad('"%" is not followed by two hex digits');
        ch = (decoded << 4) + v;
        // nginx's exceptions differ by which branch decoded the byte: `%25` and `%23` (second digit
        // numeric) and `%3F` (second digit a letter) become literal characters; `%00` is refused.
        if (isDigit) {
          if (ch === 0x25 || ch === 0x23) {
            state = 'usual';
            u.push(ch);
            ch = byteAt(target, p++);
            break;
          } else if (ch === 0) return bad('"%00" (a NUL byte) in the URI');
        } else if (ch === 0x3f) {
          state = 'usual';
          u.push(ch);
          ch = byteAt(target, p++);
          break;
        }
        // The decoded byte is processed again in the state the "%" interrupted.
        state = quotedState;
        break;
      }
    }
  }

  // The end-of-URI checks run only when the loop reached the end (not after `?` or `#`).
  if (!jumped) {
    if (state === 'quoted' || state === 'quotedSecond') return bad('the URI ends inside a "%XX" escape');
    if (state === 'dot') u.pop();
    else if (state === 'dotDot') {
      if (!up()) return bad('"/.." goes above the root');
    }
  }
  let uri = '';
  for (const b of u) uri += byteChar(b);
  return { ok: true, uri, args };
}
