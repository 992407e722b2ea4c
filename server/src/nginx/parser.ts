import type { Block, BlockKind, Comment, Directive, NginxFile, ParseError, Statement, Word } from './ast';
import { advance, createLexer, scanLuaBlock } from './lexer';

/** Options of `parseNginx`. */
export interface ParseOptions {
  /**
   * Tells whether a word is a known directive name. When given, a statement that runs onto a new
   * line starting with a directive name (and already has an argument) is split there, with a
   * missing-`;` error at the end of the earlier line. Without it, no statement is split.
   */
  isDirectiveName?: (name: string) => boolean;
}

/** Blocks whose entries are `key value;` data, not directives (and every block nested in them). */
export const TABLE_BLOCKS: ReadonlySet<string> = new Set([
  'map',
  'geo',
  'types',
  'split_clients',
  'charset_map',
  'match',
  // ngx_http_geoip2_module (packaged by Debian): its entries define variables, they are not directives.
  'geoip2',
]);

/**
 * Every error code the parser reports (`ParseError.code`), with what it means. The codes are stable:
 * settings, suppressions and documentation refer to them.
 */
export const PARSE_ERROR_CODES = {
  'nginx-unexpected-brace': 'a `}` with no open block (nginx: unexpected "}")',
  'nginx-unexpected-semicolon': 'a `;` with no directive before it (nginx: unexpected ";")',
  'nginx-empty-directive': 'a `{` with no directive name before it (nginx: unexpected "{"); its block is skipped',
  'nginx-unclosed-block': 'the file ends before the `}` of this block (nginx: unexpected end of file, expecting "}")',
  'nginx-missing-semicolon': 'a statement ends (at `}`, at the end of the file, or before a directive on the next line) without `;`',
  'nginx-unterminated-string': 'a quoted word has no closing quote',
  'nginx-unexpected-character': 'a character right after a closing quote, where nginx needs a space, `;`, `{` or `)`',
  'nginx-word-too-long': 'a word or comment of 4096 bytes or more (nginx: too long parameter)',
  'nginx-nesting-too-deep': 'blocks nested deeper than the parser keeps; their contents are not checked',
  'nginx-too-many-errors': 'the file has more syntax errors than are reported',
} as const;

/** A parse error code. */
export type ParseErrorCode = keyof typeof PARSE_ERROR_CODES;

/** Errors kept per file before a single "too many errors" error closes the list. */
export const MAX_ERRORS = 100;

/**
 * Blocks nested deeper than this are parsed for their braces but their contents are left out of the
 * tree (with one error), so that every consumer may walk the tree recursively.
 */
export const MAX_DEPTH = 200;

/** Unclosed blocks reported one by one at the end of the file; beyond this, one summary error. */
const MAX_UNCLOSED_REPORTED = 5;

interface Frame {
  /** The directive that owns the block; null at the top level and for a block with no name. */
  owner: Directive | null;
  block: Block | null;
  children: Statement[];
  kind: BlockKind;
  /** Contents are parsed but not kept (a `{` with no name, or nested too deep). */
  sink: boolean;
  /** Offset of the `{`, -1 at the top level. */
  brace: number;
  /** An error already points at the `{` (no second one for the same token). */
  flagged: boolean;
}

/** Whether a directive's block body is Lua (OpenResty `*_by_lua_block`), not nginx. */
export function isRawBlockName(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

/**
 * Parses one nginx configuration file. Never throws: the tree covers whatever parsed, errors
 * describe the rest. Iterative (no recursion), linear in the size of the text.
 */
export function parseNginx(text: string, path = '', options: ParseOptions = {}): NginxFile {
  const errors: ParseError[] = [];
  // Every error starts where its token starts, so one offset = one token: at most one error per token.
  const flaggedAt = new Set<number>();
  let truncated = false;
  const report = (code: ParseErrorCode, start: number, end: number, message: string): void => {
    if (truncated || flaggedAt.has(start)) return;
    flaggedAt.add(start);
    if (errors.length >= MAX_ERRORS) {
      truncated = true;
      errors.push({ code: 'nginx-too-many-errors', start, end, message: `too many syntax errors: only the first ${MAX_ERRORS} are shown` });
      return;
    }
    errors.push({ code, start, end, message });
  };

  const isDirectiveName = options.isDirectiveName;
  const lx = createLexer(text, report);
  const top: Frame = { owner: null, block: null, children: [], kind: 'directives', sink: false, brace: -1, flagged: false };
  const stack: Frame[] = [top];
  let frame = top;
  // The pending statement: its first word, then its arguments in a buffer reused by every statement
  // (a directive gets an exact-size copy: a growing array keeps room for 16 words or more).
  let nameWord: Word | null = null;
  const argBuf: Word[] = [];
  let argc = 0;
  let comments: Comment[] = [];
  let lastUnterminated = false;
  let tooDeepReported = false;

  const makeDirective = (first: Word, end: number, terminator: Directive['terminator']): Directive => {
    const d: Directive = {
      type: 'directive',
      name: first.value,
      nameWord: first,
      args: argBuf.slice(0, argc),
      terminator,
      block: null,
      parent: frame.owner,
      start: first.start,
      end,
    };
    return d;
  };

  /** Forgets the pending statement (its words now belong to a directive, or are dropped). */
  const clearPending = (): void => {
    nameWord = null;
    argc = 0;
    if (comments.length > 0) comments = [];
  };

  /** Adds a finished statement (and the comments written inside it) to the current block. */
  const emit = (d: Directive): void => {
    if (comments.length === 0) {
      if (!frame.sink) frame.children.push(d);
    } else {
      const inner: Comment[] = [];
      const after: Comment[] = [];
      for (const c of comments) (c.start < d.end ? inner : after).push(c);
      if (inner.length > 0) d.comments = inner;
      if (!frame.sink) {
        frame.children.push(d);
        for (const c of after) frame.children.push(c);
      }
    }
    clearPending();
    lastUnterminated = false;
  };

  /** Ends the pending statement without a terminator: nginx wanted a `;` after its last word. */
  const endWithoutSemicolon = (first: Word): void => {
    const last = argc > 0 ? argBuf[argc - 1] : first;
    // An unterminated string already has its error; the missing `;` is a consequence of it.
    if (!lastUnterminated) report('nginx-missing-semicolon', last.start, last.end, `missing ";" after "${shorten(last.raw)}"`);
    emit(makeDirective(first, last.end, null));
  };

  let sawBreak = false;
  // One token object, overwritten by each `advance`: read what is needed before the next call.
  const tok = lx.tok;
  for (;;) {
    const kind = advance(lx);
    if (tok.newline) sawBreak = true;
    if (kind === 'word') {
      const w = tok.word as Word;
      if (nameWord === null) nameWord = w;
      else {
        if (
          isDirectiveName &&
          sawBreak &&
          argc >= 1 &&
          frame.kind === 'directives' &&
          w.quote === null &&
          isDirectiveName(w.value)
        ) {
          endWithoutSemicolon(nameWord);
          nameWord = w;
        } else argBuf[argc++] = w;
      }
      lastUnterminated = tok.unterminated;
      sawBreak = false;
      continue;
    }
    if (kind === 'comment') {
      const c: Comment = { type: 'comment', text: text.slice(tok.start, tok.end), parent: frame.owner, start: tok.start, end: tok.end };
      if (nameWord !== null) comments.push(c);
      else if (!frame.sink) frame.children.push(c);
      continue;
    }
    if (kind === ';') {
      if (nameWord === null) report('nginx-unexpected-semicolon', tok.start, tok.end, 'unexpected ";": there is no directive before it');
      else emit(makeDirective(nameWord, tok.end, ';'));
      continue;
    }
    if (kind === '{') {
      if (nameWord === null) {
        report('nginx-empty-directive', tok.start, tok.end, 'unexpected "{": a block needs a directive name before it');
        frame = pushSink(stack, frame, tok.start, true);
        continue;
      }
      const name = nameWord.value;
      const raw = isRawBlockName(name);
      if (!raw && (frame.sink || stack.length > MAX_DEPTH)) {
        // Contents that are not kept: only the braces are followed, no nodes are made.
        let flagged = false;
        if (!frame.sink && !tooDeepReported) {
          tooDeepReported = flagged = true;
          report('nginx-nesting-too-deep', tok.start, tok.end, `blocks are nested more than ${MAX_DEPTH} deep: the contents of this block are not checked`);
        }
        clearPending();
        frame = pushSink(stack, frame, tok.start, flagged);
        continue;
      }
      const d = makeDirective(nameWord, text.length, '{');
      const kind: BlockKind = raw ? 'raw' : frame.kind === 'table' || TABLE_BLOCKS.has(name) ? 'table' : 'directives';
      const block: Block = { kind, children: [], closed: false, start: tok.start, end: text.length, bodyStart: tok.end, bodyEnd: text.length };
      d.block = block;
      emit(d);
      if (raw) {
        const close = scanLuaBlock(text, tok.end);
        if (close < 0) {
          report('nginx-unclosed-block', tok.start, tok.end, 'unexpected end of file, expecting "}" (the Lua block opened here is not closed)');
          lx.pos = text.length;
        } else {
          block.closed = true;
          block.bodyEnd = close;
          block.end = d.end = close + 1;
          lx.pos = close + 1;
        }
        continue;
      }
      const f: Frame = { owner: d, block, children: block.children, kind, sink: false, brace: tok.start, flagged: false };
      stack.push(f);
      frame = f;
      continue;
    }
    if (kind === '}') {
      if (nameWord !== null) endWithoutSemicolon(nameWord);
      if (stack.length === 1) {
        report('nginx-unexpected-brace', tok.start, tok.end, 'unexpected "}": there is no open block to close');
        continue;
      }
      stack.pop();
      if (frame.block && frame.owner) {
        frame.block.closed = true;
        frame.block.bodyEnd = tok.start;
        frame.block.end = frame.owner.end = tok.end;
      }
      frame = stack[stack.length - 1];
      continue;
    }
    // End of file.
    if (nameWord !== null) endWithoutSemicolon(nameWord);
    break;
  }

  reportUnclosed(stack, text.length, errors, flaggedAt);
  errors.sort((a, b) => a.start - b.start);
  return { path, text, children: top.children, errors };
}

/** Opens a block whose contents are parsed for balance only (no name, or nested too deep). */
function pushSink(stack: Frame[], parent: Frame, brace: number, flagged: boolean): Frame {
  const f: Frame = { owner: null, block: null, children: [], kind: parent.kind, sink: true, brace, flagged };
  stack.push(f);
  return f;
}

/**
 * Reports the blocks still open at the end of the file, as nginx does ("unexpected end of file,
 * expecting "}""), but pointing at each `{` that is never closed. A pathological file with
 * thousands of open blocks gets the outermost few and one summary, not one error per brace.
 */
function reportUnclosed(stack: Frame[], end: number, errors: ParseError[], flaggedAt: Set<number>): void {
  const open = stack.length - 1;
  if (open === 0) return;
  let shown = 0;
  for (let i = 1; i < stack.length && shown < (open > MAX_UNCLOSED_REPORTED ? 1 : open); i++) {
    const f = stack[i];
    // A `{` that already has an error (no name, too deep) gets no second one.
    if (f.flagged || flaggedAt.has(f.brace)) continue;
    const what = f.owner ? `"${shorten(f.owner.name)}" block` : 'block';
    errors.push({ code: 'nginx-unclosed-block', start: f.brace, end: f.brace + 1, message: `unexpected end of file, expecting "}": the ${what} opened here is not closed` });
    shown++;
  }
  if (open > MAX_UNCLOSED_REPORTED) {
    const rest = open - shown;
    errors.push({ code: 'nginx-unclosed-block', start: end, end, message: `unexpected end of file, expecting "}": ${rest} ${shown > 0 ? 'more ' : ''}blocks are not closed` });
  }
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
