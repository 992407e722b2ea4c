/**
 * Django's Host validation (`HttpRequest.get_host`, 3.2-5.x): the Host header's domain must be a
 * valid RFC 1034/1035 name or an IP literal (`app_server` is not: 400 whatever ALLOWED_HOSTS says),
 * and match an ALLOWED_HOSTS entry: `*`, `.example.com` (the domain and its subdomains), or the
 * exact name. With DEBUG on and ALLOWED_HOSTS empty, `.localhost`, `127.0.0.1` and `[::1]` are allowed.
 */

const HOST_RE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:\d+)?$/;

/** The domain part of a Host header as Django reads it; '' when Django calls it invalid. */
export function djangoDomain(host: string): string {
  const h = host.toLowerCase();
  if (!HOST_RE.test(h)) return '';
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  const domain = colon >= 0 ? h.slice(0, colon) : h;
  return domain.endsWith('.') ? domain.slice(0, -1) : domain;
}

/** Whether Django accepts a request with this Host header. */
export function djangoAllowsHost(host: string, allowedHosts: readonly string[], debug: boolean): boolean {
  const domain = djangoDomain(host);
  if (!domain) return false;
  const patterns = allowedHosts.length === 0 && debug ? ['.localhost', '127.0.0.1', '[::1]'] : allowedHosts;
  return patterns.some((raw) => {
    const p = raw.toLowerCase();
    if (p === '*') return true;
    if (p.startsWith('.')) return domain.endsWith(p) || domain === p.slice(1);
    return domain === p;
  });
}
