/**
 * Shared by the Host rules: for each pass directive that reaches an app, what Host header the app
 * gets, and a fix that sets `proxy_set_header Host $host;` without breaking nginx's all-or-nothing
 * inheritance of proxy_set_header.
 */
import type { Fix } from '../common/diagnostics';
import { backendsOf } from '../project/backends';
import type { AppInstance } from '../project/model';
import type { ProxyTarget } from '../project/proxies';
import { headersInEffect, proxyHost, scopeOfPass, sentHeader, type HeadersInEffect, type SentHeader } from '../project/proxyHeaders';
import { insertLineAfter, insertLineBefore } from './edits';
import type { RuleContext } from './rule';

/** A pass directive that reaches an app, with the headers in effect there. */
export interface AppPass {
  proxy: ProxyTarget;
  entry: AppInstance;
  headers: HeadersInEffect;
  /** The Host header nginx sets, or undefined when nginx sends its default `$proxy_host`. */
  host?: SentHeader;
  /** `$proxy_host` of this pass: what the app sees without a Host header set. */
  proxyHost?: string;
}

/** Every (HTTP pass directive, app instance) pair, once each. */
export function appPasses(ctx: RuleContext): AppPass[] {
  const out: AppPass[] = [];
  for (const b of backendsOf(ctx.model, ctx.proxies)) {
    if (b.proxy.directive.name !== 'proxy_pass' || !b.entry.app) continue;
    if (out.some((o) => o.proxy === b.proxy && o.entry === b.entry)) continue;
    const headers = headersInEffect(scopeOfPass(b.proxy));
    const host = sentHeader(headers, 'Host');
    out.push({ proxy: b.proxy, entry: b.entry, headers, ...(host ? { host } : {}), ...(proxyHost(b.proxy) !== undefined ? { proxyHost: proxyHost(b.proxy)! } : {}) });
  }
  return out;
}

/**
 * Adds `proxy_set_header NAME VALUE;` where it takes effect for the pass without dropping inherited
 * headers: next to the pass when its own level defines the headers (or no level does), after the
 * last proxy_set_header of the defining level when that is a workspace file; no fix otherwise.
 */
export function addHeaderFix(ctx: RuleContext, p: AppPass, name: string, value: string): Fix | undefined {
  const line = `proxy_set_header ${name} ${value};`;
  const own = scopeOfPass(p.proxy);
  let edit;
  if (p.headers.level === null || p.headers.level === own) {
    edit = insertLineBefore(ctx.host, p.proxy.file.path, p.proxy.directive.start, line);
  } else {
    const last = p.headers.headers[p.headers.headers.length - 1]?.at;
    if (last && last.file.path.startsWith(ctx.model.root + '/')) edit = insertLineAfter(ctx.host, last.file.path, last.directive.start, line);
  }
  return edit ? { title: `Add "${line}"`, edits: [edit], preferred: true } : undefined;
}
