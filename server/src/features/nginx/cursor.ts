/**
 * Where an offset is in an nginx file: inside which blocks (so in which context), on which
 * directive and which of its words. Works on the tolerant parse tree, so a half-typed line
 * (`    prox`) or an unclosed block (`server {` at the end of the file) still gives a directive and
 * a context: that is what completion needs while the user types.
 */
import type { BlockKind, Comment, Directive, NginxFile, Statement, Word } from '../../nginx/ast';
import { childContext, directiveContextOf, inferContext } from '../../nginx/index';
import type { DirectiveContext } from '../../nginx/directiveSpec';

/** What is at one offset. */
export interface NginxCursor {
  file: NginxFile;
  offset: number;
  /** Block directives whose body holds the offset, outermost first. */
  blocks: Directive[];
  /** The directive context of the innermost block (or of the file); undefined when unknown. */
  context: DirectiveContext | undefined;
  /** How the innermost block's contents are read (`directives` at the top level). */
  blockKind: BlockKind;
  /** The directive whose words (up to its `;` or `{`) hold the offset. */
  directive?: Directive;
  /** With `directive`: 0 for the name, n for the n-th argument; in a gap, the index a new word gets. */
  wordIndex: number;
  /** The word the offset touches (start <= offset <= end). */
  word?: Word;
  /** The text of `word` before the offset ('' in a gap). */
  prefix: string;
  /** True inside a comment (no completion there). */
  inComment: boolean;
}

/** The offset where a directive's words end: its `;`, its `{`, or its last word. */
export function wordsEnd(d: Directive): number {
  if (d.terminator === ';') return d.end - 1;
  if (d.terminator === '{' && d.block) return d.block.start;
  const last = d.args.length > 0 ? d.args[d.args.length - 1] : d.nameWord;
  return last.end;
}

/**
 * How far the cursor still belongs to a directive: up to its terminator; for one without `;` yet
 * (being typed), also over the spaces after its last word on the same line (`include |`).
 */
function reach(text: string, d: Directive): number {
  let end = wordsEnd(d);
  if (d.terminator !== null) return end;
  while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return end;
}

/** True when the offset is inside the block's braces (an unclosed block reaches the end of the file). */
export function insideBlock(d: Directive, offset: number): boolean {
  const b = d.block;
  if (!b) return false;
  return offset > b.start && (b.closed ? offset < b.end : offset <= b.end);
}

function inComment(c: Comment, offset: number): boolean {
  return offset > c.start && offset <= c.end;
}

/** Locates `offset` in `file`; `fileContext` overrides the inferred context of the top level. */
export function cursorAt(file: NginxFile, offset: number, fileContext?: DirectiveContext): NginxCursor {
  const top = fileContext ?? directiveContextOf(inferContext(file));
  const cur: NginxCursor = { file, offset, blocks: [], context: top, blockKind: 'directives', wordIndex: 0, prefix: '', inComment: false };
  let list: readonly Statement[] = file.children;
  for (;;) {
    let descended = false;
    for (const s of list) {
      if (s.start > offset) break;
      if (s.type === 'comment') {
        if (inComment(s, offset)) cur.inComment = true;
        continue;
      }
      if (s.comments?.some((c) => inComment(c, offset))) {
        cur.inComment = true;
        return cur;
      }
      if (offset <= reach(file.text, s)) {
        placeInDirective(cur, s);
        return cur;
      }
      if (insideBlock(s, offset)) {
        cur.blocks.push(s);
        cur.context = cur.blockKind === 'directives' && s.block!.kind === 'directives' ? childContext(s.name, cur.context) : undefined;
        cur.blockKind = s.block!.kind;
        list = s.block!.children;
        descended = true;
        break;
      }
    }
    if (!descended) return cur;
  }
}

function placeInDirective(cur: NginxCursor, d: Directive): void {
  cur.directive = d;
  const words = [d.nameWord, ...d.args];
  let index = words.length;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (cur.offset >= w.start && cur.offset <= w.end) {
      cur.word = w;
      cur.wordIndex = i;
      cur.prefix = cur.file.text.slice(w.start, cur.offset);
      return;
    }
    if (cur.offset < w.start) {
      index = i;
      break;
    }
  }
  cur.wordIndex = index;
}

/** The innermost enclosing block directive named `name` (e.g. the `server` around a location). */
export function enclosing(cur: NginxCursor, name: string): Directive | undefined {
  for (let i = cur.blocks.length - 1; i >= 0; i--) if (cur.blocks[i].name === name) return cur.blocks[i];
  return undefined;
}

/** The directive (any depth) whose span holds the offset, innermost first; for hover and navigation. */
export function directiveAt(file: NginxFile, offset: number): { directive: Directive; word?: Word; wordIndex: number } | undefined {
  const cur = cursorAt(file, offset);
  if (!cur.directive) return undefined;
  return { directive: cur.directive, word: cur.word, wordIndex: cur.wordIndex };
}

/** Every directive of a file, at any depth, in document order (not inside raw blocks). */
export function allDirectives(file: NginxFile): Directive[] {
  const out: Directive[] = [];
  const stack: Array<{ list: readonly Statement[]; i: number }> = [{ list: file.children, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const s = top.list[top.i++];
    if (s.type !== 'directive') continue;
    out.push(s);
    if (s.block && s.block.kind !== 'raw' && s.block.children.length > 0) stack.push({ list: s.block.children, i: 0 });
  }
  return out;
}
