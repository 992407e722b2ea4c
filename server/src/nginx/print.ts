import type { Comment, Directive, NginxFile, Statement } from './ast';

/**
 * Rebuilds a file's text from its tree: every token (words as `raw`, comments as `text`, `;`, `{`,
 * `}`) from the tree, and the text between tokens from the file. For a tree the parser built this
 * equals `file.text` exactly, whatever the input; a tree whose tokens are out of order or whose
 * `raw` differs from the text prints differently, which is what the round-trip tests look for.
 * Iterative, so any nesting depth prints.
 */
export function printNginx(file: NginxFile): string {
  const text = file.text;
  const out: string[] = [];
  let pos = 0;
  const put = (start: number, end: number, token: string): void => {
    out.push(text.slice(pos, start), token);
    pos = end;
  };

  // Each entry: a list of statements being printed, the next index, and the directive whose `}` follows.
  const stack: Array<{ list: Statement[]; index: number; closing: Directive | null }> = [
    { list: file.children, index: 0, closing: null },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.index >= top.list.length) {
      stack.pop();
      const d = top.closing;
      if (d?.block?.closed) put(d.block.end - 1, d.block.end, '}');
      continue;
    }
    const s = top.list[top.index++];
    if (s.type === 'comment') {
      put(s.start, s.end, s.text);
      continue;
    }
    printWords(s, put);
    if (s.terminator === ';') put(s.end - 1, s.end, ';');
    else if (s.terminator === '{' && s.block) {
      put(s.block.start, s.block.start + 1, '{');
      stack.push({ list: s.block.children, index: 0, closing: s });
    }
  }
  out.push(text.slice(pos));
  return out.join('');
}

/** The directive's words and the comments between them, in text order. */
function printWords(d: Directive, put: (start: number, end: number, token: string) => void): void {
  const words = [d.nameWord, ...d.args];
  const comments: Comment[] = d.comments ?? [];
  let ci = 0;
  for (const w of words) {
    while (ci < comments.length && comments[ci].start < w.start) {
      const c = comments[ci++];
      put(c.start, c.end, c.text);
    }
    put(w.start, w.end, w.raw);
  }
  while (ci < comments.length) {
    const c = comments[ci++];
    put(c.start, c.end, c.text);
  }
}
