/**
 * Regular expressions nginx cannot compile. nginx compiles every regex of the configuration while
 * reading it (PCRE2 on Debian 12), and `nginx -t` stops at the first one PCRE2 refuses:
 * `pcre2_compile() failed: missing closing parenthesis in "^/(foo"`. The places, from the
 * callers of ngx_http_regex_compile / ngx_regex_compile in nginx 1.22:
 * - `location ~ re` / `~* re` (also joined: `location ~^/x`), `if ($v ~ re)` (`~*`, `!~`, `!~*`),
 *   `rewrite re ...`, `server_name ~re`, the `~re` / `~*re` keys of a `map` block;
 * - `valid_referers ~re`, `proxy_redirect ~re|~*re x`, `proxy_cookie_path ~re|~*re x`,
 *   `proxy_cookie_domain ~re x`, `proxy_cookie_flags ~re flags`, `fastcgi_split_path_info re`,
 *   `gzip_disable re` (every argument but `msie6` and `degradation`).
 * Where this rule's model of PCRE2 is unsure (see pcre2Syntax.ts), it says nothing.
 */
import type { Directive, Word } from '../ast';
import { fromByteString, toByteString } from '../routing/bytes';
import { conditionProblem } from './conditions';
import { locationMatch } from './duplicates';
import { checkPcre2, type Pcre2Error } from './pcre2Syntax';
import type { Rule, RuleContext } from './rule';

/** One regex nginx compiles: the word it is written in and the pattern PCRE2 gets. */
export interface RegexSite {
  word: Word;
  pattern: string;
}

const IF_MATCH = new Set(['~', '~*', '!~', '!~*']);

/** The text after a leading `~` or `~*` (when `star` allows the caseless form), or null. */
function afterTilde(value: string, star: boolean): string | null {
  if (!value.startsWith('~')) return null;
  return star && value.startsWith('~*') ? value.slice(2) : value.slice(1);
}

/** The regex of an `if` condition, read as ngx_http_rewrite_if_condition reads it. */
function ifRegex(args: readonly Word[]): RegexSite | null {
  if (args.length < 3 || conditionProblem(args)) return null;
  const words = args.map((w) => w.value);
  let from = 0;
  let to = words.length - 1;
  if (words[0] === '(') from = 1;
  else words[0] = words[0].slice(1);
  if (words[to] === ')') to -= 1;
  else words[to] = words[to].slice(0, -1);
  if (to - from !== 2 || !IF_MATCH.has(words[from + 1])) return null;
  return { word: args[to], pattern: words[to] };
}

const NONE: readonly RegexSite[] = Object.freeze([]);

/** Every regex a directive makes nginx compile (the keys of a map block included), in order. */
export function regexSites(d: Directive): readonly RegexSite[] {
  const args = d.args;
  switch (d.name) {
    case 'location': {
      const m = locationMatch(d);
      return m?.kind === 'regex' ? site(args[args.length - 1], m.pattern) : NONE;
    }
    case 'if': {
      const r = ifRegex(args);
      return r ? [r] : NONE;
    }
    case 'rewrite':
      return args.length >= 2 && args.length <= 3 ? site(args[0], args[0].value) : NONE;
    case 'server_name':
      // A lone "~" is nginx's "empty regex in server name", not a PCRE2 error.
      return args.some((a) => a.value.startsWith('~')) ? args.flatMap((a) => (a.value.length > 1 ? site(a, afterTilde(a.value, false)) : NONE)) : NONE;
    case 'valid_referers':
      return args.flatMap((a) => (a.value.length > 1 ? site(a, afterTilde(a.value, false)) : []));
    case 'proxy_redirect':
    case 'proxy_cookie_path':
      return args.length === 2 ? site(args[0], afterTilde(args[0].value, true)) : [];
    case 'proxy_cookie_domain':
      return args.length === 2 ? site(args[0], afterTilde(args[0].value, false)) : [];
    case 'proxy_cookie_flags':
      return args.length >= 2 ? site(args[0], afterTilde(args[0].value, false)) : [];
    case 'fastcgi_split_path_info':
      return args.length === 1 ? site(args[0], args[0].value) : [];
    case 'gzip_disable':
      return args.flatMap((a) => (a.value === 'msie6' || a.value === 'degradation' ? [] : site(a, a.value)));
    case 'map':
      // Entries are `key value;` (one argument); a key written `\~x` is the literal "~x".
      return (d.block?.children ?? []).flatMap((e) => (e.type === 'directive' && e.args.length === 1 ? site(e.nameWord, afterTilde(e.nameWord.value, true)) : []));
    default:
      return NONE;
  }
}

function site(word: Word, pattern: string | null): readonly RegexSite[] {
  return pattern === null ? NONE : [{ word, pattern }];
}

/** The directives `regexSites` reads patterns from (the rule's hook sees only these). */
export const REGEX_DIRECTIVES: readonly string[] = ['location', 'if', 'rewrite', 'server_name', 'valid_referers', 'proxy_redirect', 'proxy_cookie_path', 'proxy_cookie_domain', 'proxy_cookie_flags', 'fastcgi_split_path_info', 'gzip_disable', 'map'];

/** nginx's message for a pattern PCRE2 refuses (ngx_regex_compile: `at "..."` unless the error is at the end). */
export function pcre2Message(pattern: string, error: Pcre2Error, bytes = toByteString(pattern)): string {
  const at = error.offset >= bytes.length ? '' : ` at "${fromByteString(bytes.slice(error.offset))}"`;
  return `pcre2_compile() failed: ${error.text} in "${pattern}"${at}`;
}

/** Answers of `regexProblem`: configurations repeat the same patterns (one per site, per server). */
const problems = new Map<string, string | null>();

/** The PCRE2 error nginx would print for `pattern`, or null when it compiles (or the model is unsure). */
export function regexProblem(pattern: string): string | null {
  const known = problems.get(pattern);
  if (known !== undefined) return known;
  const bytes = toByteString(pattern);
  const v = checkPcre2(bytes);
  const answer = v.verdict === 'invalid' ? pcre2Message(pattern, v.error, bytes) : null;
  if (problems.size >= 5000) problems.clear();
  problems.set(pattern, answer);
  return answer;
}

/** The rule. */
export function regexesRule(ctx: RuleContext): Rule {
  return {
    names: REGEX_DIRECTIVES,
    directive(v) {
      const d = v.directive;
      if (d.name === 'if' && v.context !== 'server' && v.context !== 'location') return;
      for (const s of regexSites(d)) {
        const message = regexProblem(s.pattern);
        if (message) ctx.report(v, s.word, 'error', 'nginx-invalid-regex', message);
      }
    },
  };
}
