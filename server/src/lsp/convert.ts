/**
 * The edge where the core's plain data (UTF-16 offsets, paths) becomes LSP types (positions, URIs).
 * Nothing else in the server builds ranges by hand.
 */
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  FoldingRangeKind,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex } from '../common/text';
import type { Finding } from '../common/diagnostics';
import type { CompletionEntry, CompletionKind, FileEdit, FileSpan, FoldRange, SymbolNode } from '../features/types';

/** Gives the LineIndex of a file's current text (the server caches them). */
export type IndexOf = (path: string) => LineIndex;

/** A range of offsets as an LSP range. */
export function toRange(index: LineIndex, start: number, end: number): Range {
  return { start: index.positionAt(start), end: index.positionAt(end) };
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * A finding as a diagnostic. `docHref` gives the rule's documentation page when one exists;
 * `uriOf` turns related locations' paths into URIs.
 */
export function toDiagnostic(f: Finding, indexOf: IndexOf, uriOf: (path: string) => string, docHref?: (code: string) => string | undefined): Diagnostic {
  const index = indexOf(f.file);
  const d: Diagnostic = { range: toRange(index, f.start, f.end), severity: SEVERITY[f.severity], code: f.code, source: 'deploylens', message: f.message };
  const href = docHref?.(f.code);
  if (href) d.codeDescription = { href };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: uriOf(r.file), range: toRange(indexOf(r.file), r.start, r.end) }, message: r.message }));
  }
  if (f.tags?.length) d.tags = f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return d;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  directive: CompletionItemKind.Property,
  block: CompletionItemKind.Struct,
  keyword: CompletionItemKind.Keyword,
  value: CompletionItemKind.Value,
  variable: CompletionItemKind.Variable,
  upstream: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  socket: CompletionItemKind.Interface,
  setting: CompletionItemKind.Property,
  module: CompletionItemKind.Module,
  function: CompletionItemKind.Function,
  snippet: CompletionItemKind.Snippet,
};

/** A completion entry as an LSP item with a text edit over its replace range. */
export function toCompletionItem(e: CompletionEntry, index: LineIndex): CompletionItem {
  const item: CompletionItem = {
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    textEdit: { range: toRange(index, e.start, e.end), newText: e.insertText ?? e.label },
  };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = { kind: 'markdown', value: e.documentation };
  if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (e.sortText) item.sortText = e.sortText;
  if (e.filterText) item.filterText = e.filterText;
  if (e.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return item;
}

const SYMBOL_KIND: Record<SymbolNode['kind'], SymbolKind> = {
  server: SymbolKind.Class,
  location: SymbolKind.Method,
  upstream: SymbolKind.Interface,
  block: SymbolKind.Namespace,
  map: SymbolKind.Enum,
  setting: SymbolKind.Property,
  section: SymbolKind.Namespace,
  variable: SymbolKind.Variable,
  function: SymbolKind.Function,
};

/** An outline node as a DocumentSymbol. */
export function toDocumentSymbol(s: SymbolNode, index: LineIndex): DocumentSymbol {
  const sym: DocumentSymbol = {
    name: s.name || '(unnamed)',
    kind: SYMBOL_KIND[s.kind],
    range: toRange(index, s.start, s.end),
    selectionRange: toRange(index, s.selectionStart, s.selectionEnd),
    children: s.children.map((c) => toDocumentSymbol(c, index)),
  };
  if (s.detail) sym.detail = s.detail;
  return sym;
}

/** A fold as LSP lines (its end offset is on the last line to hide). */
export function toFoldingRange(f: FoldRange, index: LineIndex): FoldingRange | undefined {
  const startLine = index.positionAt(f.start).line;
  const endLine = index.positionAt(f.end).line;
  if (endLine <= startLine) return undefined;
  const r: FoldingRange = { startLine, endLine };
  if (f.kind === 'comment') r.kind = FoldingRangeKind.Comment;
  else if (f.kind === 'region') r.kind = FoldingRangeKind.Region;
  return r;
}

/** A file span as a Location. */
export function toLocation(s: FileSpan, indexOf: IndexOf, uriOf: (path: string) => string): Location {
  return { uri: uriOf(s.file), range: toRange(indexOf(s.file), s.start, s.end) };
}

/** File edits as a WorkspaceEdit (grouped by file, in the `changes` form every client supports). */
export function toWorkspaceEdit(edits: readonly FileEdit[], indexOf: IndexOf, uriOf: (path: string) => string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const uri = uriOf(e.file);
    (changes[uri] ??= []).push({ range: toRange(indexOf(e.file), e.start, e.end), newText: e.newText });
  }
  return { changes };
}
