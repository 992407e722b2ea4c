// Half-typed files are the normal case in an editor. tree-sitter recovers, but an unfinished line
// (`X = foo(`) often swallows the next statement into its ERROR node. To keep those statements,
// the line where an error starts is blanked (spaces, so every offset stays the same) and the text is
// parsed again, a bounded number of times. Errors are still reported from the original parse.
import { parsePython, type PyNode, type PyTree } from './parse';

/** Re-parses are bounded: each one costs a full parse. */
const MAX_ROUNDS = 12;

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

/** The first offset where the tree has an error (an ERROR node or a MISSING token), if any. */
function firstError(root: PyNode): number | undefined {
  if (!root.hasError) return undefined;
  let node = root;
  for (;;) {
    if (node.isError || node.isMissing) return node.startIndex;
    const next = node.children.find((c) => c !== null && (c.hasError || c.isMissing || c.isError));
    if (!next) return node.startIndex;
    node = next;
  }
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
    const at = firstError(current.root);
    if (at === undefined) break;
    const [start, end] = lineBounds(work, at);
    let stop = end;
    // A broken block opener (`def f(:`) takes its indented body with it, so the body is not an error next round.
    if (/:\s*(#.*)?$/.test(work.slice(start, end)) || work.slice(start, end).trim() === '') {
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
    if (work.slice(start, stop).trim() === '') break; // nothing left to blank: give up on this error
    work = blank(work, start, stop);
    current = parsePython(work);
    if (current.errors.length === 0) break;
  }
  return current === original ? original : { text, root: current.root, errors: original.errors };
}
