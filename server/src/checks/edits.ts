/**
 * Small text-edit builders the rules' fixes share: inserting a whole line next to a directive with
 * its indentation, and the word of a `location` that holds its pattern. Edits only ever touch the
 * range they mean (a test applies every fix and compares the text outside it).
 */
import type { ProjectHost } from '../common/host';
import type { TextEdit } from '../common/diagnostics';
import type { Directive, Word } from '../nginx/ast';

/** The start of the line holding `offset`, and that line's leading whitespace. */
export function lineStart(text: string, offset: number): { start: number; indent: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  return { start, indent };
}

/**
 * Inserts `line` (no line break) on its own line before the line of `offset`, indented like it.
 * Refuses (undefined) when something other than whitespace precedes `offset` on its line, so the
 * insertion never splits a statement (`location / { proxy_pass ...; }` on one line).
 */
export function insertLineBefore(host: ProjectHost, file: string, offset: number, line: string): TextEdit | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const { start, indent } = lineStart(text, offset);
  if (start + indent.length !== offset) return undefined;
  return { file, start, end: start, newText: `${indent}${line}\n` };
}

/** Inserts `line` on its own line after the line of `offset`, indented like that line. */
export function insertLineAfter(host: ProjectHost, file: string, offset: number, line: string): TextEdit | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const { indent } = lineStart(text, offset);
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return { file, start: text.length, end: text.length, newText: `\n${indent}${line}\n` };
  return { file, start: nl + 1, end: nl + 1, newText: `${indent}${line}\n` };
}

/** The word of a `location` directive that holds the pattern (after the modifier). */
export function locationPatternWord(d: Directive): Word | undefined {
  return d.args[d.args.length - 1];
}
