/**
 * nginx matches URIs, host names and patterns as bytes; JavaScript strings are UTF-16. The router
 * works on "byte strings": one character per byte, where bytes 0x00-0x7f are themselves and bytes
 * 0x80-0xff are mapped to U+E080-U+E0FF (a private-use range). The private-use mapping matters for
 * regular expressions: JavaScript's case-insensitive matching folds Latin-1 letters (0xC3 'Ã' with
 * 0xE3 'ã'), PCRE in nginx's non-UTF mode folds ASCII only, and private-use characters have no case.
 */

const HIGH = 0xe000;

/** The byte string of a text's UTF-8 encoding (config words, URLs typed by a person). */
export function toByteString(text: string): string {
  // Fast path: pure ASCII needs no mapping.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  return fromBytes(new TextEncoder().encode(text));
}

/** The byte string of raw bytes. */
export function fromBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b < 0x80 ? b : HIGH + b);
  return out;
}

/** The bytes of a byte string (characters outside the mapping are taken modulo 256). */
export function toBytes(bs: string): Uint8Array {
  const out = new Uint8Array(bs.length);
  for (let i = 0; i < bs.length; i++) out[i] = byteAt(bs, i);
  return out;
}

/** The byte value at index `i` of a byte string. */
export function byteAt(bs: string, i: number): number {
  const c = bs.charCodeAt(i);
  return c < 0x80 ? c : c >= HIGH + 0x80 && c <= HIGH + 0xff ? c - HIGH : c & 0xff;
}

/** The byte string of one byte value. */
export function byteChar(b: number): string {
  return String.fromCharCode(b < 0x80 ? b : HIGH + b);
}

/** Readable text from a byte string: UTF-8 decoded (invalid sequences become U+FFFD). */
export function fromByteString(bs: string): string {
  let ascii = true;
  for (let i = 0; i < bs.length; i++) {
    if (bs.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return bs;
  return new TextDecoder().decode(toBytes(bs));
}

/** ASCII-only lower-casing, as nginx's `ngx_strlow` (other bytes are left alone). */
export function asciiLower(bs: string): string {
  return /[A-Z]/.test(bs) ? bs.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : bs;
}
