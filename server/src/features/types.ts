/**
 * The plain data the editor features return. Offsets are UTF-16 code units into a file's text, as
 * everywhere in the core; `server/src/lsp/convert.ts` turns them into LSP types at the edge.
 * Nothing here knows LSP: the same results could drive another editor protocol or a test table.
 */

/** A span of one file. */
export interface FileSpan {
  file: string;
  start: number;
  end: number;
}

/** What a completion proposes; the LSP layer maps it to `CompletionItemKind`. */
export type CompletionKind = 'directive' | 'block' | 'keyword' | 'value' | 'variable' | 'upstream' | 'file' | 'folder' | 'socket' | 'setting' | 'module' | 'function' | 'snippet';

/** One completion proposal replacing `[start, end)` of the document. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Short text shown next to the label (module, type). */
  detail?: string;
  /** Markdown shown in the details pane. */
  documentation?: string;
  /** The text inserted; `label` when absent. A snippet (`${1:x}`, `$0`) when `snippet` is set. */
  insertText?: string;
  snippet?: boolean;
  /** The part of the document the proposal replaces (the word being typed). */
  start: number;
  end: number;
  /** Sorts before others when smaller; absent entries sort by label. */
  sortText?: string;
  /** Typed text is matched against this instead of the label (e.g. `$host` for `host`). */
  filterText?: string;
  /** Reopen completion after accepting (a folder, a `name=` parameter). */
  retrigger?: boolean;
}

/** A hover: markdown over the range it explains. */
export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** A document-outline node. */
export interface SymbolNode {
  name: string;
  /** Extra text shown after the name (ports, modifiers). */
  detail?: string;
  kind: 'server' | 'location' | 'upstream' | 'block' | 'map' | 'setting' | 'section' | 'variable' | 'function';
  /** The whole statement. */
  start: number;
  end: number;
  /** The part to highlight when selected (the name or the first argument). */
  selectionStart: number;
  selectionEnd: number;
  children: SymbolNode[];
}

/** A foldable region, as offsets of its first and last characters' lines. */
export interface FoldRange {
  start: number;
  end: number;
  kind?: 'comment' | 'region';
}

/** A clickable reference to another file. */
export interface DocLink {
  start: number;
  end: number;
  /** Absolute path of the target. */
  target: string;
  tooltip?: string;
}

/** A text change in some file (the same shape as `common/diagnostics.ts` TextEdit). */
export interface FileEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/** A rename: the edits, or a reason it cannot be done here. */
export type RenameResult = { edits: FileEdit[] } | { error: string };

/** Where a rename may start: the span holding the current name, and that name. */
export interface RenameTarget {
  start: number;
  end: number;
  placeholder: string;
}
