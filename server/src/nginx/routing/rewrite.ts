import { effectiveChildren } from '../config';
import { fromByteString, toByteString } from './bytes';
import { setCaptures, show, variable, type RequestContext } from './context';
import { ownRewrites, type Located, type Scope } from './model';
import { execPcre, translatePcre } from './regex';
import { refOf } from './selectServer';
import type { RouteTarget } from './types';
import { expandVariables } from './variables';

/** How a run of rewrite-module directives (`rewrite`, `return`, `set`, `if`, `break`) ended. */
export type RewriteOutcome =
  /** All directives ran; `scope` is where the content comes from (an `if` block that matched, or the level itself). */
  | { kind: 'end'; scope: Scope }
  /** `break` or `rewrite ... break` (`rewritten`): no more rewrite directives, content from `scope`. */
  | { kind: 'break'; scope: Scope; rewritten: boolean }
  /** `rewrite ... last`: search the locations again for the new URI. */
  | { kind: 'last' }
  /** `return` or a redirecting `rewrite`: the response is decided. */
  | { kind: 'respond'; target: RouteTarget }
  /** Something the router cannot evaluate. */
  | { kind: 'unknown'; target: RouteTarget };

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Expands variables in a config value (a JS string) into a byte string; unknown names are reported. */
export function expand(ctx: RequestContext, text: string): { value: string; unknown: string[] } {
  return expandVariables(toByteString(text), (name) => variable(ctx, name));
}

/**
 * Runs the rewrite-module directives written at one level, in order, as nginx's rewrite phase does
 * (`ngx_http_rewrite_handler`). `uriChanged` reports whether a `rewrite` without a flag changed the URI
 * (nginx then searches the locations again after the phase).
 */
export function runRewrites(ctx: RequestContext, scope: Scope, state: { uriChanged: boolean }): RewriteOutcome {
  let contentScope = scope;
  const run = (list: readonly Located[]): RewriteOutcome | null => {
    for (const l of list) {
      const d = l.directive;
      const a = d.args.map((w) => w.value);
      switch (d.name) {
        case 'break':
          ctx.trace.push({ stage: 'rewrite', message: '"break" stops the rewrite directives', ref: refOf(l) });
          return { kind: 'break', scope: contentScope, rewritten: false };
        case 'return':
          return { kind: 'respond', target: returnTarget(ctx, l, a) };
        case 'set': {
          if (a.length < 2) break;
          const v = expand(ctx, a[1]);
          if (v.unknown.length > 0) ctx.notModelled.push(`set ${a[0]}: unknown variable $${v.unknown.join(', $')}`);
          ctx.vars.set(a[0].replace(/^\$/, ''), v.value);
          break;
        }
        case 'rewrite': {
          const out = rewrite(ctx, l, a, state);
          if (out === 'break') return { kind: 'break', scope: contentScope, rewritten: true };
          if (out) return out;
          break;
        }
        case 'if': {
          const cond = evalCondition(ctx, a);
          if (cond === undefined) {
            const reason = `the condition of "if (${a.join(' ').replace(/^\(|\)$/g, '')})" cannot be evaluated`;
            return { kind: 'unknown', target: { kind: 'not-modelled', reason, ref: refOf(l) } };
          }
          ctx.trace.push({ stage: 'rewrite', message: `if (${a.join(' ').replace(/^\(|\)$/g, '')}) is ${cond ? 'true' : 'false'}`, ref: refOf(l) });
          if (!cond) break;
          contentScope = ifScope(ctx, l, scope);
          const out = run(ownRewrites(contentScope));
          if (out) return out;
          break;
        }
      }
    }
    return null;
  };
  return run(ownRewrites(scope)) ?? { kind: 'end', scope: contentScope };
}

const ifScopes = new WeakMap<Located['directive'], Scope>();

/** The scope of an `if` block (built once per directive: it inherits from the level it is written in). */
function ifScope(ctx: RequestContext, l: Located, parent: Scope): Scope {
  let scope = ifScopes.get(l.directive);
  if (!scope) {
    scope = { kind: 'if', own: effectiveChildren(ctx.config, l.directive, l.file), parent, location: parent.location };
    ifScopes.set(l.directive, scope);
  }
  return scope;
}

function returnTarget(ctx: RequestContext, l: Located, a: string[]): RouteTarget {
  const ref = refOf(l);
  let status: number;
  let rest: string | undefined;
  if (a.length === 1 && !/^\d+$/.test(a[0])) {
    // `return URL`: a 302 with that URL.
    status = 302;
    rest = a[0];
  } else {
    status = Number(a[0]);
    rest = a[1];
  }
  if (rest === undefined) {
    ctx.trace.push({ stage: 'rewrite', message: `"return ${status}" answers`, ref });
    return { kind: 'return', status, ref };
  }
  const v = expand(ctx, rest);
  if (v.unknown.length > 0) ctx.notModelled.push(`return: unknown variable $${v.unknown.join(', $')}`);
  const value = fromByteString(v.value);
  ctx.trace.push({ stage: 'rewrite', message: `"return ${status} ${rest}" answers`, ref });
  return REDIRECT_CODES.has(status) ? { kind: 'return', status, location: value, ref } : { kind: 'return', status, text: value, ref };
}

function rewrite(ctx: RequestContext, l: Located, a: string[], state: { uriChanged: boolean }): RewriteOutcome | 'break' | null {
  const ref = refOf(l);
  if (a.length < 2) return null;
  const [pattern, replacement, flag] = a;
  const re = translatePcre(pattern, false);
  if (!re.ok) return { kind: 'unknown', target: { kind: 'not-modelled', reason: `rewrite regex "${pattern}": ${re.reason}`, ref } };
  const m = execPcre(re, ctx.uri);
  if (m === 'uncertain') return { kind: 'unknown', target: { kind: 'not-modelled', reason: `rewrite regex "${pattern}" cannot be decided for this URI (bytes 0xA0/0x85 with \\h or \\v)`, ref } };
  if (!m) {
    ctx.trace.push({ stage: 'rewrite', message: `rewrite ${pattern}: no match`, ref });
    return null;
  }
  setCaptures(ctx, m, re, pattern);
  const v = expand(ctx, replacement);
  if (v.unknown.length > 0) ctx.notModelled.push(`rewrite: unknown variable $${v.unknown.join(', $')}`);
  let value = v.value;
  const isUrl = /^(https?:\/\/|\$scheme)/.test(replacement);
  if (isUrl || flag === 'redirect' || flag === 'permanent') {
    const status = flag === 'permanent' ? 301 : 302;
    // A redirect keeps the request's arguments unless the replacement ends with "?".
    if (value.endsWith('?')) value = value.slice(0, -1);
    else if (ctx.args) value += (value.includes('?') ? '&' : '?') + ctx.args;
    ctx.trace.push({ stage: 'rewrite', message: `rewrite ${pattern} → ${status} redirect to ${show(value)}`, ref });
    return { kind: 'respond', target: { kind: 'return', status, location: fromByteString(value), ref } };
  }
  // The new URI; a "?" starts new arguments (the old ones are appended unless it ends with "?").
  const q = value.indexOf('?');
  if (q >= 0) {
    const newArgs = value.slice(q + 1);
    if (newArgs === '' && value.endsWith('?')) ctx.args = null;
    else ctx.args = ctx.args ? `${newArgs}&${ctx.args}` : newArgs;
    value = value.slice(0, q);
  }
  ctx.uri = value;
  ctx.internal = true;
  ctx.trace.push({ stage: 'rewrite', message: `rewrite ${pattern} → URI "${show(value)}"${flag ? ` (${flag})` : ''}`, ref });
  if (flag === 'last') return { kind: 'last' };
  if (flag === 'break') return 'break';
  state.uriChanged = true;
  return null;
}

/** Evaluates an `if` condition; undefined when it depends on something the router does not know. */
function evalCondition(ctx: RequestContext, a: string[]): boolean | undefined {
  const words = [...a];
  if (words.length === 0) return undefined;
  // The parentheses are glued to the first and last words: "($host", "=", "x)".
  words[0] = words[0].replace(/^\(/, '');
  words[words.length - 1] = words[words.length - 1].replace(/\)$/, '');
  const parts = words.filter((w, i) => w !== '' || (i > 0 && i < words.length - 1));
  if (parts.length === 1) {
    if (!parts[0].startsWith('$')) return undefined;
    const v = expand(ctx, parts[0]);
    if (v.unknown.length > 0) return undefined;
    return v.value !== '' && v.value !== '0';
  }
  if (parts.length === 2 && /^!?-[fdex]$/.test(parts[0])) {
    const fileType = ctx.options.fileType;
    if (!fileType) return undefined;
    const v = expand(ctx, parts[1]);
    if (v.unknown.length > 0) return undefined;
    const t = fileType(fromByteString(v.value));
    const neg = parts[0].startsWith('!');
    const op = parts[0].replace('!', '');
    const r = op === '-f' ? t === 'file' : op === '-d' ? t === 'directory' : op === '-e' ? t !== undefined : undefined;
    return r === undefined ? undefined : neg ? !r : r;
  }
  if (parts.length !== 3) return undefined;
  const [left, op, right] = parts;
  const lv = expand(ctx, left);
  if (lv.unknown.length > 0) return undefined;
  if (op === '=' || op === '!=') {
    const rv = expand(ctx, right);
    if (rv.unknown.length > 0) return undefined;
    return (lv.value === rv.value) === (op === '=');
  }
  if (op === '~' || op === '~*' || op === '!~' || op === '!~*') {
    const re = translatePcre(right, op.endsWith('*'));
    if (!re.ok) return undefined;
    const m = execPcre(re, lv.value);
    if (m === 'uncertain') return undefined;
    if (m && !op.startsWith('!')) setCaptures(ctx, m, re, right);
    return op.startsWith('!') ? !m : !!m;
  }
  return undefined;
}
