/**
 * The LSP requests of the editor features: each converts positions to offsets, calls the language
 * service (`features/service.ts`) on a fresh `FeatureContext`, and converts the plain result back.
 * Every handler is `guarded`: a throw answers empty and is logged.
 */
import {
  CodeActionKind,
  ResponseError,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Position,
  type SelectionRange,
} from 'vscode-languageserver';
import * as service from '../features/service';
import { codeActions } from '../features/codeActions';
import type { CompletionEntry } from '../features/types';
import type { LineIndex } from '../common/text';
import type { DocumentRegistry } from './documents';
import type { Publisher } from './publisher';
import type { WorkspaceState } from './workspace';
import { toCompletionItem, toDocumentSymbol, toFoldingRange, toLocation, toRange, toWorkspaceEdit, type IndexOf } from './convert';
import { guarded, type Logger } from './guard';
import type { Timings } from './timings';

/** What the handlers need from the server. */
export interface HandlerDeps {
  connection: Connection;
  state: WorkspaceState;
  documents: DocumentRegistry;
  publisher: Publisher;
  indexOf: IndexOf;
  /** Resolves once the Python parser is ready (or failed to load). */
  ready(): Promise<void>;
  /** True when the client takes a completion list's shared edit range in `itemDefaults.editRange`. */
  editRangeDefaults(): boolean;
  timing: Timings;
  log: Logger;
}

/** Registers every feature request on the connection. */
export function registerFeatures(deps: HandlerDeps): void {
  const { connection, state, documents, indexOf, log } = deps;

  /** The path, text index and offset of a request's document and position. */
  const at = (uri: string, position?: Position): { path: string; index: LineIndex; offset: number } | undefined => {
    const path = documents.pathOf(uri);
    if (!path) return undefined;
    const index = indexOf(path);
    return { path, index, offset: position ? index.offsetAt(position) : 0 };
  };
  const uriOf = (p: string) => documents.uriOf(p);

  // Completion lists are sent without documentation (hundreds of directives, each with a page of
  // markdown, would make every list a few hundred kilobytes); `completionItem/resolve` adds it for
  // the item the user looks at. The last list is kept for that, by position in the list.
  let lastList: { entries: CompletionEntry[]; id: number } = { entries: [], id: 0 };
  connection.onCompletion(
    guarded(log, 'completion', null, async (p) => {
      await deps.ready();
      const done = deps.timing.start();
      const a = at(p.textDocument.uri, p.position);
      if (!a) return null;
      const entries = service.completion(state.context(a.path), a.path, a.offset);
      lastList = { entries, id: lastList.id + 1 };
      const shared = deps.editRangeDefaults() && entries.length > 1 && entries.every((e) => e.start === entries[0].start && e.end === entries[0].end);
      const items = entries.map((e, i) => {
        const item = toCompletionItem({ ...e, documentation: undefined }, a.index);
        if (e.documentation) item.data = { list: lastList.id, index: i };
        if (shared) {
          // The range goes once in itemDefaults; each item keeps only its text.
          delete item.textEdit;
          item.textEditText = e.insertText ?? e.label;
        }
        return item;
      });
      done('completion');
      return shared ? { isIncomplete: false, itemDefaults: { editRange: toRange(a.index, entries[0].start, entries[0].end) }, items } : { isIncomplete: false, items };
    }),
  );

  connection.onCompletionResolve(
    guarded(log, 'completionResolve', null as unknown as CompletionItem, (item: CompletionItem) => {
      const data = item.data as { list?: number; index?: number } | undefined;
      const e = data && data.list === lastList.id && data.index !== undefined ? lastList.entries[data.index] : undefined;
      if (e?.documentation && e.label === item.label) item.documentation = { kind: 'markdown', value: e.documentation };
      return item;
    }),
  );

  connection.onHover(
    guarded(log, 'hover', null, async (p) => {
      await deps.ready();
      const done = deps.timing.start();
      const a = at(p.textDocument.uri, p.position);
      if (!a) return null;
      const h = service.hover(state.context(a.path), a.path, a.offset);
      done('hover');
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(a.index, h.start, h.end) } : null;
    }),
  );

  connection.onDefinition(
    guarded(log, 'definition', null, async (p) => {
      await deps.ready();
      const a = at(p.textDocument.uri, p.position);
      if (!a) return null;
      return service.definition(state.context(a.path), a.path, a.offset).map((s) => toLocation(s, indexOf, uriOf));
    }),
  );

  connection.onReferences(
    guarded(log, 'references', null, async (p) => {
      await deps.ready();
      const a = at(p.textDocument.uri, p.position);
      if (!a) return null;
      return service.references(state.context(a.path), a.path, a.offset, p.context.includeDeclaration).map((s) => toLocation(s, indexOf, uriOf));
    }),
  );

  connection.onPrepareRename(
    guarded(log, 'prepareRename', null, async (p) => {
      await deps.ready();
      const a = at(p.textDocument.uri, p.position);
      if (!a) return null;
      const t = service.prepareRename(state.context(a.path), a.path, a.offset);
      return t ? { range: toRange(a.index, t.start, t.end), placeholder: t.placeholder } : null;
    }),
  );

  connection.onRenameRequest(async (p, token) => {
    const result = await guarded(log, 'rename', null as ReturnType<typeof service.rename> | null, async () => {
      await deps.ready();
      const a = at(p.textDocument.uri, p.position);
      return a ? service.rename(state.context(a.path), a.path, a.offset, p.newName) : null;
    })(p, token);
    if (!result) return null;
    // A refused rename is an error the editor shows, not an empty edit.
    if ('error' in result) return new ResponseError(-32803, result.error);
    return toWorkspaceEdit(result.edits, indexOf, uriOf);
  });

  connection.onDocumentSymbol(
    guarded(log, 'documentSymbol', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      return service.documentSymbols(state.context(a.path), a.path).map((s) => toDocumentSymbol(s, a.index));
    }),
  );

  connection.onFoldingRanges(
    guarded(log, 'foldingRange', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      return service.foldingRanges(state.context(a.path), a.path).flatMap((f) => toFoldingRange(f, a.index) ?? []);
    }),
  );

  connection.onSelectionRanges(
    guarded(log, 'selectionRange', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      const offsets = p.positions.map((pos) => a.index.offsetAt(pos));
      return service.selectionRanges(state.context(a.path), a.path, offsets).map((chain, i) => {
        // Outermost first when building the parent links.
        let parent: SelectionRange | undefined;
        for (let k = chain.length - 1; k >= 0; k--) parent = { range: toRange(a.index, chain[k].start, chain[k].end), parent };
        return parent ?? { range: { start: p.positions[i], end: p.positions[i] } };
      });
    }),
  );

  connection.onDocumentLinks(
    guarded(log, 'documentLink', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      return service.documentLinks(state.context(a.path), a.path).map((l) => ({ range: toRange(a.index, l.start, l.end), target: uriOf(l.target), tooltip: l.tooltip }));
    }),
  );

  connection.onDocumentFormatting(
    guarded(log, 'formatting', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      return service.format(state.context(a.path), a.path, p.options).map((e) => ({ range: toRange(a.index, e.start, e.end), newText: e.newText }));
    }),
  );

  connection.onDocumentRangeFormatting(
    guarded(log, 'rangeFormatting', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      const range = { start: a.index.offsetAt(p.range.start), end: a.index.offsetAt(p.range.end) };
      return service.format(state.context(a.path), a.path, p.options, range).map((e) => ({ range: toRange(a.index, e.start, e.end), newText: e.newText }));
    }),
  );

  connection.onCodeAction(
    guarded(log, 'codeAction', null, (p) => {
      const a = at(p.textDocument.uri);
      if (!a) return null;
      const text = state.host.readFile(a.path) ?? '';
      const start = a.index.offsetAt(p.range.start);
      const end = a.index.offsetAt(p.range.end);
      const only = p.context.only;
      if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === '')) return [];
      return codeActions(text, deps.publisher.findings(a.path), start, end).map((c): CodeAction => {
        const action: CodeAction = { title: c.title, kind: CodeActionKind.QuickFix, edit: toWorkspaceEdit(c.edits, indexOf, uriOf) };
        const diagnostics = p.context.diagnostics.filter((d) => c.findings.some((f) => d.code === f.code && d.range.start.line === a.index.positionAt(f.start).line));
        if (diagnostics.length > 0) action.diagnostics = diagnostics;
        if (c.preferred) action.isPreferred = true;
        return action;
      });
    }),
  );
}
