/**
 * What nginx checks in `proxy_pass` (and the scheme of `grpc_pass` / `uwsgi_pass`) while reading
 * the config, when the address has no variables:
 * - the scheme: `proxy_pass unix:/run/app.sock` is `invalid URL prefix` (it must be
 *   `http://unix:/run/app.sock`);
 * - a unix socket needs a path (`http://unix:` is `no path in the unix domain socket`);
 * - a URI part (`http://app/`, `http://unix:/s.sock:/`) is refused where nginx cannot replace the
 *   matched part of the URI: regex and named locations, `if`, `limit_except`.
 */
import type { Fix } from '../../common/diagnostics';
import type { Visit } from '../walk';
import { locationMatch } from './duplicates';
import type { Rule, RuleContext } from './rule';
import { getOwn } from '../../common/own';

/** Schemes each pass directive accepts (an address without a scheme is fine for all but proxy_pass). */
const SCHEMES: Readonly<Record<string, RegExp>> = {
  proxy_pass: /^https?:\/\//i,
  grpc_pass: /^grpcs?:\/\//i,
  uwsgi_pass: /^s?uwsgi:\/\//i,
};

/** The URI part of a proxy_pass URL after its scheme: `/x` of `app/x`, `/` of `unix:/s.sock:/`; '' when none. */
export function uriPart(afterScheme: string): string {
  if (afterScheme.toLowerCase().startsWith('unix:')) {
    const colon = afterScheme.indexOf(':', 5);
    return colon < 0 ? '' : afterScheme.slice(colon + 1);
  }
  const slash = afterScheme.indexOf('/');
  return slash < 0 ? '' : afterScheme.slice(slash);
}

/** Why the enclosing block cannot take a URI part, or undefined when it can. */
function uriForbiddenBy(v: Visit): string | undefined {
  if (v.context === 'if in location') return 'inside "if"';
  if (v.context === 'limit_except') return 'inside "limit_except"';
  const owner = v.parent?.directive;
  if (v.context !== 'location' || !owner || owner.name !== 'location') return undefined;
  const m = locationMatch(owner);
  if (m?.kind === 'regex') return 'in a regex location';
  if (m?.kind === 'named') return 'in a named location';
  return undefined;
}

/** The rule. */
export function passesRule(ctx: RuleContext): Rule {
  return {
    names: Object.keys(SCHEMES),
    directive(v) {
      const d = v.directive;
      // Own keys only: a directive named `constructor` has no scheme rule (Object's would be found).
      const scheme = getOwn(SCHEMES, d.name);
      if (!scheme || d.args.length !== 1 || v.context === 'stream server') return;
      const arg = d.args[0];
      const value = arg.value;
      // With variables the address is built per request; nginx checks nothing here.
      if (value.includes('$')) return;
      const m = scheme.exec(value);
      if (!m) {
        // grpc_pass and uwsgi_pass also take a bare address, `unix:` paths included (`unix:///run/x.sock` too).
        if (d.name !== 'proxy_pass' && (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^unix:/i.test(value))) return;
        const fixes: Fix[] = [];
        const replace = (newText: string, title: string) => fixes.push({ title, edits: [{ file: v.file.path, start: arg.start, end: arg.end, newText }], preferred: true });
        if (d.name === 'proxy_pass' && value.startsWith('unix:')) replace(`http://${value}`, `Change to "http://${value}"`);
        else if (d.name === 'proxy_pass' && /^https?:\/[^/]/i.test(value)) replace(value.replace(/^(https?):\//i, '$1://'), 'Add the missing "/"');
        else if (d.name === 'proxy_pass' && !/^[a-z][a-z0-9+.-]*:/i.test(value)) replace(`http://${value}`, `Change to "http://${value}"`);
        const expected = d.name === 'proxy_pass' ? '"http://" or "https://"' : d.name === 'grpc_pass' ? '"grpc://", "grpcs://" or no scheme' : '"uwsgi://", "suwsgi://" or no scheme';
        const nginxSays = d.name === 'proxy_pass' ? 'invalid URL prefix' : `invalid host in upstream "${value}"`;
        ctx.report(v, arg, 'error', 'nginx-pass-invalid-url', `${nginxSays}: ${d.name} needs ${expected}${value.startsWith('unix:') ? ' (a unix socket is written http://unix:/path.sock)' : ''}`, fixes);
        return;
      }
      if (d.name !== 'proxy_pass') return;
      const rest = value.slice(m[0].length);
      if (/^unix:(:|$)/i.test(rest)) {
        ctx.report(v, arg, 'error', 'nginx-pass-invalid-url', `no path in the unix domain socket in upstream "${rest}"`);
        return;
      }
      // http://unix/run/app.sock: nginx looks up a host named "unix" (host not found in upstream "unix").
      if (/^unix\//i.test(rest)) {
        const fixed = `${m[0]}unix:${rest.slice(4)}`;
        ctx.report(v, arg, 'error', 'nginx-pass-invalid-url', `a unix socket is written "unix:" with a colon: nginx reads "${value}" as the host "unix" (host not found in upstream "unix")`, [
          { title: `Change to "${fixed}"`, edits: [{ file: v.file.path, start: arg.start, end: arg.end, newText: fixed }], preferred: true },
        ]);
        return;
      }
      // http://unix:/run/app.sock/ : the socket path ends with "/", so connect() fails (20: Not a directory).
      const sock = /^unix:([^:]*)/i.exec(rest);
      if (sock && sock[1].endsWith('/') && sock[1].length > 1) {
        const fixed = `${m[0]}unix:${sock[1].slice(0, -1)}:/${rest.slice(5 + sock[1].length)}`;
        ctx.report(v, arg, 'error', 'nginx-pass-unix-trailing-slash', `the socket path "${sock[1]}" ends with "/", so every request fails with 502 (connect() ... failed (20: Not a directory)); a URI after a unix socket follows a colon: "${fixed}"`, [
          { title: `Change to "${fixed}"`, edits: [{ file: v.file.path, start: arg.start, end: arg.end, newText: fixed }], preferred: true },
        ]);
        return;
      }
      const uri = uriPart(rest);
      const forbidden = uri && uriForbiddenBy(v);
      if (forbidden) {
        const at = arg.start + arg.raw.lastIndexOf(uri);
        const fix: Fix = { title: `Remove the URI part "${uri}"`, edits: [{ file: v.file.path, start: at, end: at + uri.length, newText: '' }], preferred: true };
        // A unix socket URL keeps its trailing colon form without a URI: http://unix:/s.sock
        if (rest.toLowerCase().startsWith('unix:')) fix.edits[0].start -= 1;
        ctx.report(v, arg, 'error', 'nginx-pass-uri-not-allowed', `"proxy_pass" cannot have URI part ${forbidden} (nginx: cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block)`, [fix]);
      }
    },
  };
}
