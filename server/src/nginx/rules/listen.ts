/**
 * `listen` checks nginx makes at startup: a valid address and known parameters, no address twice
 * in one server, one `default_server` and one set of socket options per address, and a
 * certificate for every server that listens with `ssl`.
 */
import type { Fix } from '../../common/diagnostics';
import { specIn } from '../catalog';
import type { DirectiveContext } from '../directiveSpec';
import { lineOf } from '../lines';
import { parseListen, type ListenSpec } from '../listen';
import type { Word } from '../ast';
import type { Visit } from '../walk';
import type { Rule, RuleContext } from './rule';

/** The parameter names a context's `listen` accepts, from its documented syntax. */
function allowedParams(context: DirectiveContext): { names: Set<string>; prefixes: Set<string> } {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const line of specIn('listen', context)?.syntax ?? []) {
    for (const m of line.matchAll(/\[([a-z0-9_]+)(=?)/g)) (m[2] ? prefixes : names).add(m[1]);
    for (const m of line.matchAll(/\| ([a-z0-9_]+)\]/g)) names.add(m[1]);
  }
  // The pre-1.3.15 spelling of default_server, still accepted by the http listen.
  if (context === 'server') names.add('default');
  return { names, prefixes };
}

const paramCache = new Map<DirectiveContext, ReturnType<typeof allowedParams>>();

/** Per protocol family: what each address has been given so far. */
interface AddressState {
  address: string;
  defaultAt?: Visit;
  optionsAt?: Visit;
  /** The server of the first listen on the address: the default when none says default_server. */
  firstServer?: Visit;
  /** The first listen with `ssl` (any listen's ssl makes the whole address TLS). */
  sslAt?: Visit;
}

/** The listen rule. */
export function listenRule(ctx: RuleContext): Rule {
  const addresses = new Map<string, AddressState>();
  const perServer = new Map<Visit, Set<string>>();
  /** Servers, and blocks above them (http, stream, a fragment's top: null), that define a certificate. */
  const certified = new Set<Visit | null>();
  /** Per http address, the first server to claim each name. */
  const names = new Map<string, Map<string, Visit>>();
  const nameClaims: Array<{ address: string; name: string; v: Visit; word: Word }> = [];

  const family = (c: DirectiveContext | undefined) => (c === 'stream server' ? 'stream' : c === 'mail server' ? 'mail' : 'http');
  const line = (v: Visit) => lineOf(v.file, v.directive.start);

  const checkParams = (v: Visit, spec: ListenSpec): boolean => {
    const c = v.context!;
    let allowed = paramCache.get(c);
    if (!allowed) paramCache.set(c, (allowed = allowedParams(c)));
    for (const p of spec.params) {
      const eq = p.value.indexOf('=');
      const ok = eq > 0 ? allowed.prefixes.has(p.value.slice(0, eq)) : allowed.names.has(p.value);
      if (ok) continue;
      const fixes: Fix[] = [];
      let note = '';
      if (p.value === 'spdy') {
        note = ': SPDY was replaced by HTTP/2 (nginx 1.9.5); use "http2"';
        fixes.push({ title: 'Replace "spdy" with "http2"', edits: [{ file: v.file.path, start: p.start, end: p.end, newText: 'http2' }], preferred: true });
      }
      ctx.report(v, p, 'error', 'nginx-listen-invalid-parameter', `invalid parameter "${p.value}"${note}`, fixes);
      return false;
    }
    return true;
  };

  /**
   * Records which names an http server answers to on which addresses (a server without listen
   * is on *:80). nginx keeps the first server for a name and warns about the others.
   */
  const noteServerNames = (children: Visit[]): void => {
    const addrs = new Set<string>();
    for (const c of children) {
      if (c.directive.name !== 'listen') continue;
      const p = parseListen(c.directive, 80);
      if (p && p.error === undefined && !p.params.some((w) => w.value === 'quic')) addrs.add(p.address);
    }
    if (!children.some((c) => c.directive.name === 'listen')) addrs.add('0.0.0.0:80');
    for (const c of children) {
      if (c.directive.name !== 'server_name') continue;
      for (const w of c.directive.args) {
        const n = w.value.toLowerCase();
        if (n === '' || n.startsWith('~')) continue;
        for (const address of addrs) nameClaims.push({ address, name: n, v: c, word: w });
      }
    }
  };

  return {
    names: ['listen'],
    directive(v) {
      const d = v.directive;
      if (d.name !== 'listen' || d.block) return;
      if (v.context !== 'server' && v.context !== 'stream server' && v.context !== 'mail server') return;
      const parsed = parseListen(d, v.context === 'server' ? 80 : undefined);
      if (!parsed) return;
      if (parsed.error !== undefined) {
        ctx.report(v, d.args[0], 'error', 'nginx-listen-invalid-address', `${parsed.error} of the "listen" directive`);
        return;
      }
      if (!checkParams(v, parsed)) return;
      // QUIC (http) and udp (stream) listens are UDP sockets: they may share a port with TCP ones.
      const udp = parsed.params.some((p) => p.value === 'quic' || p.value === 'udp');
      const key = `${family(v.context)} ${parsed.address}${udp ? '/udp' : ''}`;
      const server = v.parent;
      if (server) {
        let seen = perServer.get(server);
        if (!seen) perServer.set(server, (seen = new Set()));
        if (seen.has(key)) {
          ctx.report(v, d.args[0], 'error', 'nginx-listen-duplicate', `a duplicate listen ${parsed.address} in this server`);
          return;
        }
        seen.add(key);
      }
      let state = addresses.get(key);
      if (!state) addresses.set(key, (state = { address: parsed.address }));
      state.firstServer ??= server ?? undefined;
      if (parsed.ssl && v.context !== 'mail server') state.sslAt ??= v;
      if (parsed.socketOptions.length) {
        if (state.optionsAt) {
          ctx.report(v, parsed.socketOptions[0], 'error', 'nginx-listen-duplicate-options', `duplicate listen options for ${parsed.address}: socket options (${parsed.socketOptions.map((w) => w.value).join(' ')}) may be set on one listen per address; line ${line(state.optionsAt)} of ${state.optionsAt.file.path} already does`);
        } else state.optionsAt = v;
      }
      if (parsed.defaultServer) {
        if (state.defaultAt) {
          const dflt = parsed.params.find((p) => p.value === 'default_server' || p.value === 'default')!;
          ctx.report(v, dflt, 'error', 'nginx-listen-duplicate-default', `a duplicate default server for ${parsed.address}; line ${line(state.defaultAt)} of ${state.defaultAt.file.path} is already the default`);
        } else state.defaultAt = v;
      }
    },
    block(owner, children) {
      if (owner && owner.directive.name === 'server' && owner.context === 'http') noteServerNames(children);
      const name = owner?.directive.name;
      if (name !== undefined && name !== 'server' && name !== 'http' && name !== 'stream') return;
      if (children.some((c) => c.directive.name === 'ssl_certificate' || (c.directive.name === 'ssl_reject_handshake' && c.directive.args[0]?.value === 'on'))) {
        certified.add(owner);
      }
    },
    finish() {
      for (const c of nameClaims) {
        let byName = names.get(c.address);
        if (!byName) names.set(c.address, (byName = new Map()));
        const first = byName.get(c.name);
        if (!first) {
          byName.set(c.name, c.v);
          continue;
        }
        if (first.parent === c.v.parent) continue;
        const where = first.file === c.v.file ? `line ${line(first)}` : `${first.file.path}:${line(first)}`;
        ctx.report(c.v, c.word, 'warning', 'nginx-conflicting-server-name', `conflicting server name "${c.name}" on ${c.address}, ignored: the server at ${where} already answers to it`);
      }
      // nginx (ngx_http_ssl_init) checks the default server of every TLS address: the one marked
      // default_server, else the first to listen there. Other servers are chosen by SNI and may
      // lack a certificate (their handshakes fail at run time).
      for (const state of addresses.values()) {
        if (!state.sslAt) continue;
        const server = state.defaultAt?.parent ?? state.firstServer;
        if (!server || certified.has(server) || certified.has(server.parent)) continue;
        // Top-level servers of a fragment inherit from an http{} block we do not see.
        const severity = ctx.complete ? 'error' : 'hint';
        const listenLine = state.sslAt.parent === server ? ` (line ${line(state.sslAt)})` : '';
        ctx.report(server, server.directive.nameWord, severity, 'nginx-ssl-no-certificate', `no "ssl_certificate" is defined for the "listen ... ssl" directive${listenLine}: this server is the default for ${state.address}${severity === 'hint' ? '; unless the main nginx.conf defines one in http{}' : ''}`);
      }
    },
  };
}
