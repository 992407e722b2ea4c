/**
 * The nginx syntax tree. Every node carries `start`/`end`: UTF-16 offsets into its file's text,
 * `end` exclusive. The parser (`parser.ts`) never throws: whatever the input, it returns a tree
 * that covers the text, plus errors. Comments stay in the tree, so that formatting and quick fixes
 * can keep them.
 */

export interface Span {
  start: number;
  end: number;
}

/** One word of a directive: its name or an argument. */
export interface Word extends Span {
  /** The text as written, quotes and backslashes included. */
  raw: string;
  /** The value nginx sees: quotes removed, `\"`, `\'`, `\\`, `\t`, `\r`, `\n` resolved (quoted or not, as nginx does). */
  value: string;
  /** The quote character when the word was quoted. */
  quote: '"' | "'" | null;
}

/**
 * How the children of a block are to be read:
 * - `directives`: ordinary directives (server, location, http, ...);
 * - `table`: `key value;` entries that are not directives (map, geo, types, split_clients,
 *   charset_map, match, upstream-less tables): parsed as `Directive` nodes, but never validated
 *   against the catalog;
 * - `raw`: a body nginx hands to another language (`*_by_lua_block`): no children, see `Block.bodyStart`.
 */
export type BlockKind = 'directives' | 'table' | 'raw';

export interface Block extends Span {
  /** `start` is the offset of `{`; `end` is just after the matching `}`, or the end of the text when unclosed. */
  kind: BlockKind;
  children: Statement[];
  /** False when the end of the file came before the matching `}` (an error is reported). */
  closed: boolean;
  /** The text between the braces: [bodyStart, bodyEnd). */
  bodyStart: number;
  bodyEnd: number;
}

export interface Directive extends Span {
  type: 'directive';
  /** The directive name (unquoted). For entries of a `table` block, the first word. */
  name: string;
  nameWord: Word;
  args: Word[];
  /**
   * `;` when the statement ends with a semicolon, `{` when it opens a block,
   * null when it has neither (the parser reported an error at the directive).
   */
  terminator: ';' | '{' | null;
  block: Block | null;
  /** The block directive this one sits in; null at the top level of its file. */
  parent: Directive | null;
  /**
   * Comments written between the words of this directive (`listen 80 # why\n default_server;`),
   * in order; absent when there are none. They are not in `children`, which stay ordered and
   * non-overlapping.
   */
  comments?: Comment[];
}

export interface Comment extends Span {
  type: 'comment';
  /** The comment text including the leading `#`, without the line break. */
  text: string;
  parent: Directive | null;
}

export type Statement = Directive | Comment;

/** A parse error: a stable code and a message a user understands. */
export interface ParseError extends Span {
  code: string;
  message: string;
}

/** One parsed file. */
export interface NginxFile {
  path: string;
  text: string;
  children: Statement[];
  errors: ParseError[];
}

/** True for directive nodes (filters comments out of `children`). */
export function isDirective(s: Statement): s is Directive {
  return s.type === 'directive';
}

/** The directives directly inside a block or at the top level of a file. */
export function directivesOf(owner: Directive | NginxFile): Directive[] {
  const children = 'type' in owner ? owner.block?.children ?? [] : owner.children;
  return children.filter(isDirective);
}
