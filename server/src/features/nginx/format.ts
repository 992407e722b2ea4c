/**
 * The nginx formatter. It only ever changes whitespace between tokens (a check at the end refuses
 * any other change), so it cannot alter what nginx reads:
 * - one directive per line, indented one unit per block level;
 * - comments kept where they are (a comment after a statement stays on its line);
 * - blank-line groups kept, runs of blank lines collapsed to one; none at the start or end of a block;
 * - a directive written over several lines keeps its line breaks (continuations indented one more level);
 * - quoted strings, `${VAR}` templates, words glued together (`"x")`), Lua blocks (`*_by_lua_block`)
 *   and the entries of `map`/`geo`/`types` tables are emitted exactly as written;
 * - files with syntax errors are not formatted (a broken tree could reflow into a different config).
 * Formatting is idempotent: format(format(x)) = format(x) (property-tested over the nginx corpus).
 */
import type { Comment, Directive, NginxFile, Statement } from '../../nginx/ast';
import { parseNginx } from '../../nginx/index';

/** Indentation settings (LSP's FormattingOptions subset). */
export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
}

/** A replacement of `[start, end)` of the original text. */
export interface FormatEdit {
  start: number;
  end: number;
  newText: string;
}

const DEFAULT_OPTIONS: FormatOptions = { tabSize: 4, insertSpaces: true };

/** nginx's whitespace: space, tab, CR, LF (a no-break space is a word character to nginx). */
function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The text with nginx whitespace removed (what formatting must keep identical). */
export function withoutWhitespace(text: string): string {
  return text.replace(/[ \t\r\n]+/g, '');
}

/** The formatted text, or undefined when the file has syntax errors (or formatting would change a token). */
export function formatNginx(text: string, options: FormatOptions = DEFAULT_OPTIONS): string | undefined {
  const file = parseNginx(text);
  if (file.errors.length > 0) return undefined;
  const out = print(file, options);
  return withoutWhitespace(out) === withoutWhitespace(text) ? out : undefined;
}

/**
 * The edits that format the text: one per whitespace run that changes. When `range` is given, only
 * the edits inside it (a range format of a selection).
 */
export function formatNginxEdits(text: string, options: FormatOptions = DEFAULT_OPTIONS, range?: { start: number; end: number }): FormatEdit[] {
  const formatted = formatNginx(text, options);
  if (formatted === undefined || formatted === text) return [];
  const edits = whitespaceEdits(text, formatted);
  return range ? edits.filter((e) => e.start >= range.start && e.end <= range.end) : edits;
}

/**
 * Aligns two texts that differ only in whitespace runs and returns a replacement per differing run,
 * so an editor keeps cursors and folds everywhere else.
 */
export function whitespaceEdits(before: string, after: string): FormatEdit[] {
  const edits: FormatEdit[] = [];
  let i = 0;
  let j = 0;
  while (i <= before.length || j <= after.length) {
    let i2 = i;
    while (i2 < before.length && isWs(before.charCodeAt(i2))) i2++;
    let j2 = j;
    while (j2 < after.length && isWs(after.charCodeAt(j2))) j2++;
    const a = before.slice(i, i2);
    const b = after.slice(j, j2);
    if (a !== b) {
      // Only the part that differs: the line break that ends a line stays, the indentation after it changes.
      let p = 0;
      while (p < a.length && p < b.length && a[p] === b[p]) p++;
      let s = 0;
      while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
      edits.push({ start: i + p, end: i2 - s, newText: b.slice(p, b.length - s) });
    }
    if (i2 >= before.length || j2 >= after.length) break;
    // Non-whitespace characters are the same in both texts.
    i = i2 + 1;
    j = j2 + 1;
  }
  return edits;
}

/**
 * A comment without trailing spaces, tabs and carriage returns (a CR before the line feed is part of
 * the line ending, not of the comment: keeping it would turn a LF file into a mixed one, and the next
 * format would then pick CRLF, which is not idempotent). Other characters are the comment's own.
 */
function trimComment(text: string): string {
  return text.replace(/[ \t\r]+$/, '');
}

function print(file: NginxFile, options: FormatOptions): string {
  const text = file.text;
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out: string[] = [];
  if (text.charCodeAt(0) === 0xfeff) out.push('\ufeff');
  const indent = (depth: number): string => unit.repeat(depth);
  const breaks = (from: number, to: number): number => {
    let n = 0;
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) n++;
    return n;
  };

  /** Emits a directive's words, inner comments and terminator, starting at the current position. */
  const words = (d: Directive, depth: number): void => {
    if (d.parent?.block?.kind === 'table') {
      out.push(text.slice(d.start, d.end));
      return;
    }
    const tokens: Array<{ start: number; end: number; text: string; comment: boolean }> = [
      ...[d.nameWord, ...d.args].map((w) => ({ start: w.start, end: w.end, text: w.raw, comment: false })),
      ...(d.comments ?? []).map((c: Comment) => ({ start: c.start, end: c.end, text: trimComment(c.text), comment: true })),
    ].sort((a, b) => a.start - b.start);
    let prevEnd = -1;
    let afterComment = false;
    for (const t of tokens) {
      if (prevEnd >= 0) {
        const gap = text.slice(prevEnd, t.start);
        if (afterComment || gap.includes('\n')) out.push(eol, indent(depth + 1));
        else if (gap !== '' || t.comment) out.push(' ');
      }
      out.push(t.text);
      prevEnd = t.end;
      afterComment = t.comment;
    }
    if (d.terminator === ';') {
      if (afterComment) out.push(eol, indent(depth + 1));
      out.push(';');
    } else if (d.terminator === '{' && d.block) {
      out.push(afterComment ? `${eol}${indent(depth)}` : ' ');
      if (d.block.kind === 'raw') {
        out.push(text.slice(d.block.start, d.block.end));
        return;
      }
      out.push('{');
      list(d.block.children, depth + 1, d.block.start + 1);
      if (d.block.closed) {
        if (d.block.children.length > 0) out.push(eol, indent(depth));
        else if (breaks(d.block.bodyStart, d.block.bodyEnd) > 0) out.push(eol, indent(depth));
        out.push('}');
      }
    }
  };

  /** Emits the statements of a block (or the file), each on its line. `from`: where the list's text starts. */
  const list = (stmts: readonly Statement[], depth: number, from: number): void => {
    let prevEnd = from;
    let first = true;
    for (const s of stmts) {
      const n = breaks(prevEnd, s.start);
      const atFileStart = first && depth === 0 && from === 0;
      if (atFileStart) {
        // Nothing before the first statement of the file.
      } else if (n === 0 && s.type === 'comment') out.push(' ');
      else {
        if (n >= 2 && !first) out.push(eol);
        out.push(eol, indent(depth));
      }
      if (s.type === 'comment') out.push(trimComment(s.text));
      else words(s, depth);
      prevEnd = s.end;
      first = false;
    }
  };

  list(file.children, 0, 0);
  if (out.length > 0 && !(out.length === 1 && out[0] === '\ufeff')) out.push(eol);
  return out.join('');
}
