// Python string literal decoding: prefixes (r, b, f, u and their combinations) and escapes.

/** The prefix letters and quote of a `string_start` token such as `rb"` or `f'''`. */
export function stringPrefix(start: string): { raw: boolean; bytes: boolean; fstring: boolean } {
  const p = start.replace(/['"]+$/, '').toLowerCase();
  return { raw: p.includes('r'), bytes: p.includes('b'), fstring: p.includes('f') };
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/**
 * Decodes the escapes of a (non-raw) literal's body. Unknown escapes keep their backslash, as Python
 * does; `\N{...}` is left as written (no name table). Bytes literals do not know `\u`/`\U`.
 */
export function decodeEscapes(body: string, bytes: boolean): string {
  return body.replace(/\\(\r\n|\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/gs, (m, e: string) => {
    if (e === '\n' || e === '\r\n') return '';
    if (e in SIMPLE && e !== '0') return SIMPLE[e];
    const c = e[0];
    if (c === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if ((c === 'u' || c === 'U') && e.length > 1 && !bytes) return String.fromCodePoint(Math.min(parseInt(e.slice(1), 16), 0x10ffff));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & (bytes ? 0xff : 0x1ff));
    return m;
  });
}
