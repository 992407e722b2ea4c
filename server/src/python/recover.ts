// Half-typed files are the normal case in an editor. tree-sitter recovers, but an unfinished line
// (`X = foo(`) often swallows the next statement into its ERROR node. To keep those statements,
// the line where an error starts is blanked (spaces, so every offset stays the same) and the text is
// parsed again, a bounded number of times. Errors are still reported from the original parse.
import { parsePython, releasePythonTree, withErrors, type PyNode, type PyTree } from './parse';

/** Re-parses are bounded: each one costs a full parse. */
const MAX_ROUNDS = 12;
/** Node types of whole statements (kept when they open an error region). */
const STATEMENT = /(_statement|_definition)$/;
/** Error regions blanked per round. */
const MAX_BLANKS = 200;

function lineBounds(text: string, offset: number): [number, number] {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return [start, nl < 0 ? text.length : nl];
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** Where each error region starts; a MISSING token counts from its parent (the unclosed call or bracket). */
function errorStarts(root: PyNode): number[] {
  const out: number[] = [];
  if (!root.hasError) return out;
  const stack: PyNode[] = [root];
  while (stack.length > 0 && out.length < MAX_BLANKS) {
    const node = stack.pop()!;
    if (node.isMissing) {
      out.push(node.parent?.startIndex ?? node.startIndex);
      continue;
    }
    if (node.isError) {
      // An ERROR region often begins with statements that are complete: the error is after them.
      const bad = node.children.find((c) => c !== null && !(c.isNamed && !c.hasError && STATEMENT.test(c.type)));
      out.push(bad?.startIndex ?? node.startIndex);
      continue;
    }
    const kids = node.children.filter((c): c is PyNode => c !== null && (c.hasError || c.isMissing));
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

/** The range to blank for an error starting at `at`: its line, plus the indented body when the line opens a block. */
function blankRange(work: string, at: number): [number, number] {
  const [start, end] = lineBounds(work, at);
  let stop = end;
  // A broken block opener (`def f(:`) takes its indented body with it, so the body is not an error next round.
  if (/:\s*(#.*)?$/.test(work.slice(start, end))) {
    const base = indentOf(work.slice(start, end));
    let pos = end + 1;
    while (pos < work.length) {
      const [ls, le] = lineBounds(work, pos);
      const line = work.slice(ls, le);
      if (line.trim() !== '' && indentOf(line) <= base) break;
      stop = le;
      pos = le + 1;
    }
  }
  return [start, stop];
}

/**
 * Parses `text` and, when it has errors, a copy with the offending lines blanked, keeping offsets.
 * The result's `root` is the best tree found; `errors` are those of the text as written.
 */
export function parseTolerant(text: string): PyTree {
  const original = parsePython(text);
  if (original.errors.length === 0) return original;
  let current = original;
  let work = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const at of errorStarts(current.root)) {
      const [start, stop] = blankRange(work, at);
      if (work.slice(start, stop).trim() === '') continue;
      work = blank(work, start, stop);
      changed = true;
    }
    if (!changed) break; // nothing left to blank
    const next = parsePython(work);
    // Only the last tree is kept: the others' nodes were read for their error offsets only.
    if (current !== original) releasePythonTree(current);
    current = next;
    if (current.errors.length === 0) break;
  }
  if (current === original) return original;
  releasePythonTree(original);
  return withErrors(current, text, original.errors);
}
