// The checker side of the comparison: the bundled CLI (`deploylens check <ws> --format json`, the
// foundation contract) for the verdict, and `checkPath` in-process for the quick fixes the JSON
// output does not carry yet.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cliPath } from '../../helpers/cli';
import { checkPath } from '../../../server/src/project/check';
import { readWorkspaceSettings } from '../../../server/src/project/settings';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { loadPythonParser } from '../../../server/src/node/python';
import type { Finding, Fix } from '../../../server/src/common/diagnostics';

/** One diagnostic of the CLI's JSON output (file relative to the workspace, 1-based line). */
export interface CliDiagnostic {
  file: string;
  line: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

/** Runs `deploylens check <workspace> --format json` (asynchronously: cases run side by side). */
export function cliCheck(workspace: string): Promise<CliDiagnostic[]> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'node scripts/build.mjs' first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'check', workspace, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    // 'close', not 'exit': only then has all of stdout arrived.
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== 1) return reject(new Error(`deploylens check exited ${code}: ${err}`));
      try {
        resolve((JSON.parse(out) as { diagnostics: CliDiagnostic[] }).diagnostics);
      } catch (e) {
        reject(new Error(`deploylens check printed no JSON (${String(e)}): ${out.slice(0, 500)} ${err}`));
      }
    });
  });
}

let pythonLoaded: Promise<void> | undefined;

/** The findings of `checkPath` on a workspace folder, with their fixes (the LSP and `--fix` path). */
export async function inProcessCheck(workspace: string): Promise<Finding[]> {
  pythonLoaded ??= loadPythonParser();
  await pythonLoaded;
  const host = new NodeHost();
  const { settings } = readWorkspaceSettings(host, workspace);
  return checkPath(host, workspace, settings).findings;
}

/** Applies a fix's edits to the files (absolute paths), later offsets first so earlier ones stay valid. */
export function applyFix(fix: Fix): void {
  const byFile = new Map<string, typeof fix.edits>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    let text = readFileSync(file, 'utf8');
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    writeFileSync(file, text);
  }
}

/** `file:line severity code: message`, for failure messages. */
export function describeDiagnostics(ds: CliDiagnostic[]): string {
  if (ds.length === 0) return 'no findings';
  return ds.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}: ${d.message}`).join('\n    ');
}
