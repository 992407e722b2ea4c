import { canonicalAddress } from './listen';
import { ownNamed, ownNamedAny, type Located, type Scope } from './model';

const ACCESS = ['allow', 'deny'];

/** What the access phase decides: allowed, denied (403), or it depends on who asks. */
export type AccessDecision = { kind: 'allow' } | { kind: 'deny'; at: Located } | { kind: 'depends'; at: Located; why: string };

/**
 * The access phase for `allow` / `deny` (ngx_http_access_module): the rules of the nearest level
 * that has any (they are inherited as a whole), tried in order, the first matching one wins; no
 * match allows. Without a client address only `all` rules decide; `auth_basic` (401 without
 * credentials) and `auth_request` are reported as depending on the client.
 */
export function accessDecision(scope: Scope, client?: string): AccessDecision {
  let rules: Located[] = [];
  for (let s: Scope | null = scope; s; s = s.parent) {
    const own = ownNamedAny(s, ACCESS);
    if (own.length > 0) {
      rules = [...own];
      break;
    }
  }
  const addr = client ? canonicalAddress(client) : null;
  for (const rule of rules) {
    const arg = rule.directive.args[0]?.value ?? '';
    let matches: boolean | undefined;
    if (arg === 'all') matches = true;
    else if (arg === 'unix:') matches = false;
    else if (addr) matches = inCidr(addr, arg);
    if (matches === undefined) return { kind: 'depends', at: rule, why: `${rule.directive.name} ${arg}: the answer depends on the client address` };
    if (matches) return rule.directive.name === 'deny' ? { kind: 'deny', at: rule } : { kind: 'allow' };
  }
  for (let s: Scope | null = scope; s; s = s.parent) {
    const sub = ownNamed(s, 'auth_request');
    if (sub.length > 0) {
      const last = sub[sub.length - 1];
      if (last.directive.args[0]?.value !== 'off') return { kind: 'depends', at: last, why: `auth_request ${last.directive.args[0]?.value ?? ''}: a subrequest decides (401/403 possible)` };
      break;
    }
  }
  for (let s: Scope | null = scope; s; s = s.parent) {
    const auth = ownNamed(s, 'auth_basic');
    if (auth.length > 0) {
      if (auth[auth.length - 1].directive.args[0]?.value !== 'off') return { kind: 'depends', at: auth[auth.length - 1], why: 'auth_basic: 401 unless the client sends credentials' };
      break;
    }
  }
  return { kind: 'allow' };
}

/** Whether an address is in `a.b.c.d[/n]` or an IPv6 `addr[/n]` (undefined when the rule is unreadable). */
function inCidr(addr: { family: 4 | 6; address: string }, rule: string): boolean | undefined {
  const [net, bitsText] = rule.split('/');
  const n = canonicalAddress(net);
  if (!n) return undefined;
  if (n.family !== addr.family) return false;
  const bits = bitsText === undefined ? (n.family === 4 ? 32 : 128) : Number(bitsText);
  const toBits = (a: { family: 4 | 6; address: string }): string =>
    a.family === 4
      ? a.address.split('.').map((p) => Number(p).toString(2).padStart(8, '0')).join('')
      : a.address.split(':').map((p) => parseInt(p, 16).toString(2).padStart(16, '0')).join('');
  return toBits(addr).slice(0, bits) === toBits(n).slice(0, bits);
}
