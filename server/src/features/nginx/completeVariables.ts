/**
 * `$variable` completion: triggered when the text before the cursor ends in `$name` or `${name`
 * inside a word (any directive, `map`/`geo` tables included). Built-in variables of the context's
 * module family come first, then those the workspace's configuration defines.
 */
import type { FeatureContext } from '../context';
import { nginxFiles } from '../context';
import type { CompletionEntry } from '../types';
import type { NginxCursor } from './cursor';
import { variableMarkdown } from './docs';
import { builtinVariables, definedVariables, familyOf } from './variables';
import { LineIndex } from '../../common/text';
import { posix } from 'node:path';

/** Proposals when the cursor is on a variable name; undefined when it is not (other completions apply). */
export function variableCompletions(ctx: FeatureContext, cur: NginxCursor): CompletionEntry[] | undefined {
  const m = /\$(\{?)([A-Za-z0-9_]*)$/.exec(cur.prefix);
  if (!m || !cur.word) return undefined;
  const start = cur.offset - m[2].length;
  // Replace the rest of the name after the cursor too (completing in the middle of `$ho|st`).
  const after = /^[A-Za-z0-9_]*/.exec(cur.file.text.slice(cur.offset, cur.word.end))?.[0] ?? '';
  const end = cur.offset + after.length;
  const family = familyOf(cur.context);
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  for (const v of builtinVariables(family)) {
    const label = v.prefix ? `${v.prefix}NAME` : v.name;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({
      label: `$${label}`,
      filterText: v.prefix ?? v.name,
      insertText: v.prefix ?? v.name,
      kind: 'variable',
      detail: v.module,
      documentation: variableMarkdown(v.prefix ?? v.name, v),
      start,
      end,
      sortText: `1${label}`,
    });
  }
  const files = nginxFiles(ctx, cur.file.path);
  for (const def of definedVariables(files)) {
    if (seen.has(def.name)) continue;
    seen.add(def.name);
    const text = ctx.host.readFile(def.file) ?? '';
    const line = new LineIndex(text).humanAt(def.start).line;
    out.push({
      label: `$${def.name}`,
      filterText: def.name,
      insertText: def.name,
      kind: 'variable',
      detail: `${def.directive.name} in ${posix.basename(def.file)}:${line}`,
      documentation: `\`$${def.name}\` is defined by \`${def.directive.name}\` (${posix.basename(def.file)}, line ${line}).`,
      start,
      end,
      // The configuration's own variables first: they are what this file is about.
      sortText: `0${def.name}`,
    });
  }
  return out;
}
