/**
 * `if (...)` conditions, read the way ngx_http_rewrite_if_condition reads them: parentheses
 * around the whole condition (as part of the first and last words or as words of their own),
 * then `$var`, `$var = value` / `!=`, `$var ~ regex` (`~*`, `!~`, `!~*`), or a file test
 * (`-f`, `-d`, `-e`, `-x`, each with `!`) and one operand. Anything else is nginx's
 * `invalid condition "x"` or `unexpected "x" in condition`.
 */
import type { Word } from '../ast';
import type { Rule, RuleContext } from './rule';

const COMPARE = new Set(['=', '!=', '~', '~*', '!~', '!~*']);
const FILE_TESTS = new Set(['-f', '!-f', '-d', '!-d', '-e', '!-e', '-x', '!-x']);

/** The word nginx would name, with its message, or undefined for a valid condition. */
export function conditionProblem(args: readonly Word[]): { word: Word; message: string } | undefined {
  if (args.length === 0) return undefined;
  const first = args[0];
  const last = args[args.length - 1];
  if (!first.value.startsWith('(')) return { word: first, message: `invalid condition "${first.value}": an if condition is written in parentheses` };
  if (!last.value.endsWith(')')) return { word: last, message: `invalid condition "${last.value}": the condition must end with ")"` };
  // The operands without the parentheses, as nginx slices them.
  const words = args.map((w) => w.value);
  let from = 0;
  let to = words.length - 1;
  if (words[0] === '(') from = 1;
  else words[0] = words[0].slice(1);
  if (to >= from && words[to] === ')' && !(to === 0 && from === 0)) to -= 1;
  else words[to] = words[to].slice(0, -1);
  if (to < from) return { word: last, message: `invalid condition "${last.value}": the condition is empty` };
  const at = (i: number) => args[i];
  const v = words[from];
  if (v.length > 1 && v.startsWith('$')) {
    if (from === to) return undefined;
    const op = words[from + 1];
    if (!COMPARE.has(op)) return { word: at(from + 1), message: `unexpected "${op}" in condition (use =, !=, ~, ~*, !~ or !~*)` };
    if (from + 2 !== to) return { word: at(from), message: `invalid condition "${args[from].value}": "${op}" needs exactly one value after it${from + 2 < to ? ' (quote a value that has spaces)' : ''}` };
    return undefined;
  }
  if (FILE_TESTS.has(v)) {
    if (from + 1 !== to) return { word: at(from), message: `invalid condition "${v}": a file test takes one operand` };
    return undefined;
  }
  return { word: at(from), message: `invalid condition "${v}": a condition starts with a $variable or a file test (-f, -d, -e, -x, each also with !)` };
}

/** The rule. */
export function conditionsRule(ctx: RuleContext): Rule {
  return {
    names: ['if'],
    directive(v) {
      const d = v.directive;
      if (d.name !== 'if' || !d.block || (v.context !== 'server' && v.context !== 'location')) return;
      const problem = conditionProblem(d.args);
      if (problem) ctx.report(v, problem.word, 'error', 'nginx-invalid-condition', problem.message);
    },
  };
}
