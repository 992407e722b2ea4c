/** A URL split the way `curl --path-as-is` sends it. */
export type ParsedUrl =
  | { ok: true; scheme: 'http' | 'https'; host: string; port: number; path: string }
  | { ok: false; error: string };

/**
 * Splits `http[s]://HOST[:PORT]/path?query#fragment` into what a client sends: the Host header
 * (`HOST[:PORT]` as written, user info dropped), the port it connects to (80 / 443 by default), and the
 * request target: the path and query **byte for byte as written** (no WHATWG normalization: `//`,
 * `/../`, `%2e` and upper-case escapes reach nginx unchanged, as with `curl --path-as-is`). The
 * fragment is dropped, as clients do. A URL without a path asks for "/".
 */
export function parseRequestUrl(url: string): ParsedUrl {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!m) return { ok: false, error: `not an http:// or https:// URL: ${url}` };
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, error: `unsupported scheme "${m[1]}" (http or https)` };
  const authority = m[2].slice(m[2].lastIndexOf('@') + 1);
  let hostPart = authority;
  let portText: string | undefined;
  const v6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(authority);
  if (v6) {
    hostPart = v6[1];
    portText = v6[2];
  } else if (authority.includes(':')) {
    const i = authority.lastIndexOf(':');
    hostPart = authority.slice(0, i);
    portText = authority.slice(i + 1);
  }
  if (hostPart === '') return { ok: false, error: `no host in ${url}` };
  let port = scheme === 'https' ? 443 : 80;
  if (portText !== undefined && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return { ok: false, error: `invalid port "${portText}" in ${url}` };
    port = Number(portText);
  }
  let path = m[3];
  const hash = path.indexOf('#');
  if (hash >= 0) path = path.slice(0, hash);
  if (path === '' || path.startsWith('?')) path = '/' + path;
  return { ok: true, scheme, host: authority, port, path };
}
