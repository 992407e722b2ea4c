/**
 * Pushes diagnostics per file. A full analysis publishes the files whose diagnostics changed, the
 * files that had some and now have none (cleared), and the documents edited since the previous run
 * (always, so an editor sees each edit answered). The fast path (`quick.ts`) publishes the files of
 * the nginx configurations it re-checked, carrying the other findings along the edited text.
 * Keeps the latest findings per file (with the text they were computed on) for code actions.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../common/diagnostics';
import type { AnalysisResult } from './analysis';
import { toDiagnostic, type IndexOf } from './convert';
import { carryFinding, changedRegion, type QuickResult } from './quick';

/** The publisher's view of the server. */
export interface PublisherDeps {
  connection: Connection;
  indexOf: IndexOf;
  uriOf(path: string): string;
  /** The version of an open document (sent with its diagnostics), undefined when not open. */
  versionOf(path: string): number | undefined;
  /** The current text of a file. */
  textOf(path: string): string;
  docHref(code: string): string | undefined;
}

/** Counts of a full analysis, for `deploylens/checkWorkspace`. */
export interface Counts {
  files: number;
  errors: number;
  warnings: number;
  others: number;
}

/** Publishes results and remembers them. */
export interface Publisher {
  publish(result: AnalysisResult, changed: ReadonlySet<string>): Counts;
  /** Publishes a fast-path result: its findings replace the carried layer's for its files. */
  publishQuick(result: QuickResult, edited: string, carried: (code: string) => boolean): void;
  /** The findings last published for a file. */
  findings(path: string): readonly Finding[];
  /** Clears a file's diagnostics (a closed document outside the workspace). */
  clear(path: string): void;
}

/** Creates a publisher. */
export function createPublisher(deps: PublisherDeps): Publisher {
  const last = new Map<string, { key: string; findings: Finding[]; text: string }>();
  const send = (path: string, diagnostics: Diagnostic[]): void => {
    const version = deps.versionOf(path);
    void deps.connection.sendDiagnostics({ uri: deps.uriOf(path), diagnostics, ...(version !== undefined ? { version } : {}) });
  };
  /** Records and (when it changed or `force`) sends a file's findings. */
  const update = (path: string, findings: Finding[], force: boolean): void => {
    const diagnostics = findings.map((f) => toDiagnostic(f, deps.indexOf, deps.uriOf, deps.docHref));
    const key = JSON.stringify(diagnostics);
    const prev = last.get(path);
    if (findings.length === 0) last.delete(path);
    else last.set(path, { key, findings, text: deps.textOf(path) });
    if (prev?.key === key && !force) return;
    if (!prev && findings.length === 0 && !force) return;
    send(path, diagnostics);
  };
  const group = (findings: readonly Finding[]): Map<string, Finding[]> => {
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    return byFile;
  };
  return {
    publish(result, changed) {
      const byFile = group(result.findings);
      const counts = { files: result.files.length, errors: 0, warnings: 0, others: 0 };
      for (const f of result.findings) {
        if (f.severity === 'error') counts.errors++;
        else if (f.severity === 'warning') counts.warnings++;
        else counts.others++;
      }
      for (const path of new Set([...byFile.keys(), ...last.keys(), ...changed])) update(path, byFile.get(path) ?? [], changed.has(path));
      return counts;
    },
    publishQuick(result, edited, carried) {
      const byFile = group(result.findings);
      for (const path of new Set([...result.files, ...byFile.keys()])) {
        const prev = last.get(path);
        let kept: Finding[] = [];
        if (prev) {
          const now = deps.textOf(path);
          const region = prev.text === now ? undefined : changedRegion(prev.text, now);
          kept = prev.findings.filter((f) => carried(f.code)).flatMap((f) => (region ? (carryFinding(f, region) ?? []) : [f]));
        }
        const findings = [...(byFile.get(path) ?? []), ...kept].sort((a, b) => a.start - b.start || a.end - b.end);
        update(path, findings, path === edited);
      }
    },
    findings: (path) => last.get(path)?.findings ?? [],
    clear(path) {
      last.delete(path);
      send(path, []);
    },
  };
}
