/**
 * Values nginx parses while reading the config, so a typo stops it:
 * - sizes (`client_max_body_size 10MB` is `"client_max_body_size" directive invalid value`: one
 *   letter, k/m/g) and times (`60sec`, `1.5s`, `10 s`) of directives documented as `size`/`time`;
 * - `return` codes (`invalid return code "/path"`), `rewrite` flags (`invalid parameter
 *   "permanant"`), `error_page` codes (`value "999" must be between 300 and 599`, `invalid value`)
 *   and the `=code` of `try_files` (`invalid code`).
 * Values with variables are left alone.
 */
import type { Fix } from '../../common/diagnostics';
import type { Word } from '../ast';
import { getDirective, specIn } from '../catalog';
import type { Rule, RuleContext } from './rule';

/** ngx_parse_size / ngx_parse_offset: digits and at most one of k, m, g. */
export const SIZE = /^\d+[kKmMgG]?$/;
/** ngx_parse_time: groups of digits with a unit (ms s m h d w M y), a bare number is seconds; spaces between groups. */
export const TIME = /^(?:\d+(?:ms|[smhdwMy])?)+(?: +(?:\d+(?:ms|[smhdwMy])?)+)*$/;

const REWRITE_FLAGS = new Set(['last', 'break', 'redirect', 'permanent']);

function hasVariable(args: readonly Word[]): boolean {
  for (const a of args) if (a.value.includes('$')) return true;
  return false;
}

/** The rule. */
export function valuesRule(ctx: RuleContext): Rule {
  return {
    directive(v) {
      const d = v.directive;
      const args = d.args;
      if (args.length === 0 || (hasVariable(args) && d.name !== 'return' && d.name !== 'rewrite' && d.name !== 'error_page' && d.name !== 'try_files')) return;
      const spec = (v.context && specIn(d.name, v.context)) || getDirective(d.name);
      const syntax = spec?.syntax.length === 1 ? spec.syntax[0] : undefined;
      if ((syntax === 'size' || syntax === 'time') && args.length === 1) {
        const a = args[0];
        if ((syntax === 'size' ? SIZE : TIME).test(a.value)) return;
        const fix = syntax === 'size' ? sizeFix(a.value) : timeFix(a.value);
        const fixes: Fix[] = fix ? [{ title: `Change to "${fix}"`, edits: [{ file: v.file.path, start: a.start, end: a.end, newText: fix }], preferred: true }] : [];
        const how = syntax === 'size' ? 'a size is a number with an optional k, m or g (10m, 512k)' : 'a time is a number with an optional unit ms, s, m, h, d, w, M, y (30s, 1h30m)';
        ctx.report(v, a, 'error', 'nginx-invalid-value', `"${d.name}" directive invalid value "${a.value}": ${how}`, fixes);
        return;
      }
      switch (d.name) {
        case 'return': {
          if (v.context === 'stream server') return;
          const [first] = args;
          if (first.value.includes('$') && args.length === 1) return;
          const redirect = args.length === 1 && /^(https?:\/\/|\$scheme)/.test(first.value);
          if (!redirect && !(/^\d+$/.test(first.value) && Number(first.value) <= 999)) {
            const fixes: Fix[] = args.length === 1 && first.value.startsWith('/') ? [{ title: `Change to "return 301 ${first.value}"`, edits: [{ file: v.file.path, start: first.start, end: first.start, newText: '301 ' }], preferred: true }] : [];
            ctx.report(v, first, 'error', 'nginx-invalid-value', `invalid return code "${first.value}": return takes a status code (0-999), optionally followed by a text or URL, or just an http://, https:// or $scheme URL`, fixes);
          }
          return;
        }
        case 'rewrite': {
          const flag = args[2];
          if (flag && !REWRITE_FLAGS.has(flag.value)) {
            ctx.report(v, flag, 'error', 'nginx-invalid-value', `invalid parameter "${flag.value}": the rewrite flag is last, break, redirect or permanent`);
          }
          return;
        }
        case 'error_page': {
          // codes ... [=[response]] uri
          for (const a of args.slice(0, -1)) {
            if (a.value.startsWith('=')) {
              if (a.value !== '=' && !/^=\d+$/.test(a.value)) ctx.report(v, a, 'error', 'nginx-invalid-value', `invalid value "${a.value}": the response is "=" or "=code"`);
              continue;
            }
            if (a.value.includes('$')) continue;
            if (!/^\d+$/.test(a.value)) ctx.report(v, a, 'error', 'nginx-invalid-value', `invalid value "${a.value}": error_page takes status codes, then the uri`);
            else if (Number(a.value) < 300 || Number(a.value) > 599) ctx.report(v, a, 'error', 'nginx-invalid-value', `value "${a.value}" must be between 300 and 599`);
          }
          return;
        }
        case 'try_files': {
          const last = args[args.length - 1];
          if (last.value.startsWith('=') && !/^=\d+$/.test(last.value) && !last.value.includes('$')) {
            ctx.report(v, last, 'error', 'nginx-invalid-value', `invalid code "${last.value}": the last argument of try_files is a uri or =code (=404)`);
          }
          return;
        }
      }
    },
  };
}

/** `10MB` -> `10m`, `512 k`-like slips -> the one-letter form. */
function sizeFix(value: string): string | undefined {
  const m = /^(\d+)\s*([kmg])b?$/i.exec(value);
  return m ? `${m[1]}${m[2].toLowerCase()}` : undefined;
}

/** `60sec` -> `60s`, `5min` -> `5m`, `2hours` -> `2h`. */
function timeFix(value: string): string | undefined {
  const m = /^(\d+)\s*(ms|msec|millis(?:econds?)?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/i.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const short = unit.startsWith('ms') || unit.startsWith('mil') ? 'ms' : unit.startsWith('s') ? 's' : unit.startsWith('m') ? 'm' : unit.startsWith('h') ? 'h' : 'd';
  return `${m[1]}${short}`;
}
