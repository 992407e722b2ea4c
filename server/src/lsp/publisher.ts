/**
 * Pushes diagnostics per file from a workspace analysis: files whose diagnostics changed, files
 * that had some and now have none (cleared), and the documents edited since the previous run
 * (always, so an editor sees each edit answered). Keeps the latest findings per file for code actions.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../common/diagnostics';
import type { AnalysisResult } from './analysis';
import { toDiagnostic, type IndexOf } from './convert';

/** The publisher's view of the server. */
export interface PublisherDeps {
  connection: Connection;
  indexOf: IndexOf;
  uriOf(path: string): string;
  /** The version of an open document (sent with its diagnostics), undefined when not open. */
  versionOf(path: string): number | undefined;
  docHref(code: string): string | undefined;
}

/** Publishes results and remembers them. */
export interface Publisher {
  publish(result: AnalysisResult, changed: ReadonlySet<string>): { files: number; errors: number; warnings: number; others: number };
  /** The findings last published for a file. */
  findings(path: string): readonly Finding[];
  /** Clears a file's diagnostics (a closed document outside the workspace). */
  clear(path: string): void;
}

/** Creates a publisher. */
export function createPublisher(deps: PublisherDeps): Publisher {
  const last = new Map<string, { key: string; findings: Finding[] }>();
  const send = (path: string, diagnostics: Diagnostic[]): void => {
    const version = deps.versionOf(path);
    void deps.connection.sendDiagnostics({ uri: deps.uriOf(path), diagnostics, ...(version !== undefined ? { version } : {}) });
  };
  return {
    publish(result, changed) {
      const byFile = new Map<string, Finding[]>();
      for (const f of result.findings) {
        const list = byFile.get(f.file);
        if (list) list.push(f);
        else byFile.set(f.file, [f]);
      }
      const counts = { files: result.files.length, errors: 0, warnings: 0, others: 0 };
      for (const f of result.findings) {
        if (f.severity === 'error') counts.errors++;
        else if (f.severity === 'warning') counts.warnings++;
        else counts.others++;
      }
      const paths = new Set([...byFile.keys(), ...last.keys(), ...changed]);
      for (const path of paths) {
        const findings = byFile.get(path) ?? [];
        const diagnostics = findings.map((f) => toDiagnostic(f, deps.indexOf, deps.uriOf, deps.docHref));
        const key = JSON.stringify(diagnostics);
        const prev = last.get(path);
        if (findings.length === 0) last.delete(path);
        else last.set(path, { key, findings });
        if (prev?.key === key && !changed.has(path)) continue;
        if (!prev && findings.length === 0 && !changed.has(path)) continue;
        send(path, diagnostics);
      }
      return counts;
    },
    findings: (path) => last.get(path)?.findings ?? [],
    clear(path) {
      last.delete(path);
      send(path, []);
    },
  };
}
