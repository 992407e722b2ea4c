import {
  DiagnosticSeverity,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import type { ProjectHost } from '../common/host';
import type { Finding } from '../common/diagnostics';
import { LineIndex } from '../common/text';
import { checkPath } from '../project/check';
import { classifyFile } from '../project/discover';
import { defaultSettings } from '../../../shared/src/settings';
import { OverlayHost } from './overlayHost';

const severity: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Wires the core to an LSP connection: open documents overlay the disk; after each change
 * (debounced), the document is re-checked and diagnostics are pushed for every file the check reached.
 */
export function startServer(connection: Connection, base: ProjectHost): void {
  const host = new OverlayHost(base);
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const published = new Map<string, Set<string>>();

  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'deploylens' },
  }));

  const validate = (uri: string): void => {
    const path = URI.toPath(uri);
    if (!path) return;
    try {
      if (classifyFile(host, path, host.readFile(path)) !== 'nginx' && !/nginx/.test(documents.get(uri)?.languageId ?? '')) return;
      const { findings } = checkPath(host, path, defaultSettings);
      const byFile = new Map<string, Finding[]>([[path, []]]);
      for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
      const previous = published.get(path) ?? new Set();
      for (const p of previous) if (!byFile.has(p)) byFile.set(p, []);
      for (const [file, list] of byFile) {
        const idx = new LineIndex(host.readFile(file) ?? '');
        const diagnostics: Diagnostic[] = list.map((f) => ({
          range: { start: idx.positionAt(f.start), end: idx.positionAt(f.end) },
          severity: severity[f.severity],
          code: f.code,
          source: 'deploylens',
          message: f.message,
        }));
        void connection.sendDiagnostics({ uri: URI.fromPath(file), diagnostics });
      }
      published.set(path, new Set(byFile.keys()));
    } catch (e) {
      connection.console.error(`deploylens: check of ${path} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  };

  const schedule = (uri: string): void => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => validate(uri), 120));
  };

  documents.onDidChangeContent((e) => {
    const path = URI.toPath(e.document.uri);
    if (path) host.setDocument(path, e.document.getText());
    schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    const path = URI.toPath(e.document.uri);
    if (path) host.closeDocument(path);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  documents.listen(connection);
}
