/**
 * How many arguments each directive takes. nginx encodes this in each command's flags
 * (NGX_CONF_NOARGS, TAKE1..TAKE7, TAKE12, TAKE13, TAKE23, TAKE123, TAKE1234, FLAG, 1MORE, 2MORE,
 * ANY) and checks it before the directive's handler runs: a mismatch is
 * `invalid number of arguments in "x" directive`.
 *
 * The documentation's syntax lines say the same thing in prose (`name value [always]` is TAKE23),
 * so most counts are derived from them (`deriveArgCount`). Where the prose and nginx's flags
 * disagree (`if (condition)` is really 1MORE; `[SSLv2] [SSLv3] ...` still needs one word), the
 * value comes from `ARG_OVERRIDES`, checked against nginx's module sources.
 */

/** Inclusive bounds on the number of arguments (not counting the name). `max` may be Infinity. */
export interface ArgCount {
  min: number;
  max: number;
  /** NGX_CONF_FLAG: exactly one argument, `on` or `off`. */
  flag?: boolean;
}

const ANY_MORE = Number.POSITIVE_INFINITY;

/** Shorthands named after nginx's flags, for the override table. */
const TAKE1: ArgCount = { min: 1, max: 1 };
const TAKE2: ArgCount = { min: 2, max: 2 };
const TAKE12: ArgCount = { min: 1, max: 2 };
const FLAG: ArgCount = { min: 1, max: 1, flag: true };
const MORE1: ArgCount = { min: 1, max: ANY_MORE };
const ANY: ArgCount = { min: 0, max: ANY_MORE };

/**
 * Counts that the syntax lines get wrong, keyed `name` (every module) or `module/name`.
 * Each value is the flag in nginx's source (src/core, src/event, src/http, src/stream, src/mail).
 */
export const ARG_OVERRIDES: Readonly<Record<string, ArgCount>> = {
  // `if (condition)` is split into words by nginx: `($a = b)` is three arguments.
  if: MORE1,
  // "[SSLv2] [SSLv3] ..." reads as "zero or more"; nginx wants at least one word (NGX_CONF_1MORE).
  ssl_protocols: MORE1,
  proxy_ssl_protocols: MORE1,
  grpc_ssl_protocols: MORE1,
  uwsgi_ssl_protocols: MORE1,
  zone_sync_ssl_protocols: MORE1,
  js_fetch_protocols: MORE1,
  // "off | [shared:name:size]" and "off | none | [builtin[:size]] [shared:name:size]" need a word.
  ssl_ocsp_cache: TAKE1,
  ssl_session_cache: TAKE12,
  // Lists of optional parameters that nginx does not bound (NGX_CONF_1MORE).
  access_log: MORE1,
  error_log: MORE1,
  // A bitmask of browsers, at most two of them exist (NGX_CONF_TAKE12).
  keepalive_disable: TAKE12,
  // `stub_status on;` from before 1.7.5 is still accepted (NGX_CONF_NOARGS|NGX_CONF_TAKE1).
  stub_status: { min: 0, max: 1 },
  // `sub { ... }` is one quoted word.
  perl: TAKE1,
  perl_set: TAKE2,
  // "file" in the docs, "file [utf8]" in the source (NGX_CONF_TAKE12).
  geoip_country: TAKE12,
  geoip_city: TAKE12,
  geoip_org: TAKE12,
};

/** A parsed syntax line: words, optional groups, alternatives and `...` repetition. */
interface Bounds {
  min: number;
  max: number;
}

/** Placeholder words that stand for several arguments ("address [parameters]"). */
const PLURAL_PLACEHOLDERS = new Set(['parameters', 'params', 'options']);

/**
 * Reads one syntax line (markup already removed, e.g. `code ... [=[response]] uri`) into
 * argument bounds. Brackets that open a word group make it optional; brackets inside a word
 * (`address[:port]`) stay part of the word; ` | ` separates alternatives of the enclosing group;
 * `...` repeats the item before it; `{...}` marks a block and counts for nothing.
 */
export function deriveLineCount(line: string): Bounds {
  let i = 0;
  const n = line.length;

  function word(): string {
    const start = i;
    let depth = 0;
    while (i < n) {
      const c = line[i];
      if (c === ' ' && depth === 0) break;
      if (c === '[') depth++;
      else if (c === ']') {
        if (depth === 0) break;
        depth--;
      }
      i++;
    }
    return line.slice(start, i);
  }

  // alternatives := sequence ('|' sequence)*; stops at an unmatched ']' or the end.
  function alternatives(): Bounds {
    const alts: Bounds[] = [];
    let seq: Bounds[] = [];
    const close = () => {
      alts.push(seq.reduce((a, b) => ({ min: a.min + b.min, max: a.max + b.max }), { min: 0, max: 0 }));
      seq = [];
    };
    while (i < n) {
      const c = line[i];
      if (c === ' ') {
        i++;
        continue;
      }
      if (c === ']') break;
      if (c === '|') {
        i++;
        close();
        continue;
      }
      if (c === '[') {
        i++;
        const inner = alternatives();
        if (line[i] === ']') i++;
        seq.push({ min: 0, max: inner.max });
        continue;
      }
      const w = word();
      if (w === '') {
        i++;
        continue;
      }
      if (w === '...') {
        const last = seq[seq.length - 1];
        if (last) seq[seq.length - 1] = { min: last.min, max: ANY_MORE };
        continue;
      }
      if (w === '{...}') continue;
      seq.push(PLURAL_PLACEHOLDERS.has(w) ? { min: 1, max: ANY_MORE } : { min: 1, max: 1 });
    }
    close();
    return {
      min: Math.min(...alts.map((a) => a.min)),
      max: Math.max(...alts.map((a) => a.max)),
    };
  }

  return alternatives();
}

/**
 * The argument count the syntax lines describe: the loosest bounds over all lines. nginx cannot
 * express a fixed maximum above seven (TAKE7), so a larger one means "any number".
 */
export function deriveArgCount(syntax: readonly string[]): ArgCount {
  if (syntax.length === 0) return ANY;
  const lines = syntax.map(deriveLineCount);
  const min = Math.min(...lines.map((b) => b.min));
  let max = Math.max(...lines.map((b) => b.max));
  if (max > 7) max = ANY_MORE;
  if (syntax.length === 1 && /^on ?\| ?off$/.test(syntax[0].trim())) return FLAG;
  return { min, max };
}

const counts = new WeakMap<object, ArgCount>();

/** The argument count of one catalog entry: the override when there is one, else the derivation (computed once per entry). */
export function argCountOf(spec: { name: string; module: string; syntax: readonly string[] }): ArgCount {
  let c = counts.get(spec);
  if (!c) {
    c = ARG_OVERRIDES[`${spec.module}/${spec.name}`] ?? ARG_OVERRIDES[spec.name] ?? deriveArgCount(spec.syntax);
    counts.set(spec, c);
  }
  return c;
}

/** True when `n` arguments fit the count. */
export function argCountAccepts(count: ArgCount, n: number): boolean {
  return n >= count.min && n <= count.max;
}

/** How nginx's flag for this count is spelled (for messages and tests): `TAKE12`, `1MORE`, `FLAG`. */
export function argCountName(count: ArgCount): string {
  if (count.flag) return 'FLAG';
  if (count.max === ANY_MORE) return count.min === 0 ? 'ANY' : `${count.min}MORE`;
  if (count.max === 0) return 'NOARGS';
  if (count.min === count.max) return `TAKE${count.min}`;
  let digits = '';
  for (let k = Math.max(1, count.min); k <= count.max; k++) digits += k;
  return count.min === 0 ? `TAKE0${digits}` : `TAKE${digits}`;
}
