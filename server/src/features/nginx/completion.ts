/**
 * Completion in nginx files: directive names valid where the cursor is (from the parse tree, so
 * inside half-typed blocks too), then, by directive, the arguments whose set is known, variables,
 * upstream names, sockets gunicorn binds, files and folders. Entry point: `nginxCompletion`.
 */
import type { FeatureContext } from '../context';
import type { CompletionEntry } from '../types';
import { getDirectives, specIn } from '../../nginx/index';
import { directiveNames } from '../../nginx/index';
import { cursorAt, type NginxCursor } from './cursor';
import { directiveMarkdown } from './docs';
import { argumentCompletions } from './completeArgs';
import { variableCompletions } from './completeVariables';

/** Completion proposals at `offset` of the nginx file `path`. */
export function nginxCompletion(ctx: FeatureContext, path: string, offset: number): CompletionEntry[] {
  const file = ctx.nginx(path);
  if (!file) return [];
  const cur = cursorAt(file, offset);
  if (cur.inComment || cur.blockKind === 'raw') return [];
  const vars = variableCompletions(ctx, cur);
  if (vars) return vars;
  if (cur.blockKind === 'table') return [];
  if (!cur.directive || cur.wordIndex === 0) return directiveCompletions(cur);
  return argumentCompletions(ctx, cur);
}

/** Block directives that take no argument before their `{`. */
const BARE_BLOCKS = new Set(['http', 'events', 'server', 'stream', 'mail', 'limit_except', 'mgmt']);

function directiveCompletions(cur: NginxCursor): CompletionEntry[] {
  const start = cur.word ? cur.word.start : cur.offset;
  const end = cur.word ? cur.word.end : cur.offset;
  const d = cur.directive;
  // A fresh statement gets a snippet with its `;` or braces; renaming an existing directive only replaces the name.
  const fresh = !d || (d.args.length === 0 && d.terminator === null);
  const out: CompletionEntry[] = [];
  for (const name of directiveNames()) {
    const spec = cur.context ? specIn(name, cur.context) : getDirectives(name)[0];
    if (!spec) continue;
    const entry: CompletionEntry = {
      label: name,
      kind: spec.block ? 'block' : 'directive',
      detail: spec.module,
      documentation: directiveMarkdown(spec, getDirectives(name)),
      start,
      end,
    };
    if (fresh) {
      entry.snippet = true;
      if (spec.block) entry.insertText = BARE_BLOCKS.has(name) && name !== 'limit_except' ? `${name} {\n\t$0\n}` : `${name} \${1} {\n\t$0\n}`;
      else if (spec.syntax.every((s) => s.trim() === '')) entry.insertText = `${name};`;
      else entry.insertText = `${name} $0;`;
    }
    out.push(entry);
  }
  return out;
}
