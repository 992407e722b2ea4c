// The checker side of the comparison: the bundled CLI (`deploylens check <ws> --format json`, the
// foundation contract) for the verdict, and `checkPath` in-process for the quick fixes the JSON
// output does not carry yet.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

let snapshot: string | undefined;

/**
 * A private copy of the bundled CLI (with the wasm files it loads from its own folder), taken once
 * and checked to load: a rebuild of dist/ while the suite runs must not hand a half-written bundle
 * to some of the cases.
 */
function cli(): string {
  if (snapshot) return snapshot;
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run 'node scripts/build.mjs' first`);
  for (let attempt = 0; attempt < 5; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'dls-cli-'));
    for (const f of readdirSync(dirname(cliPath))) if (f === 'cli.js' || f.endsWith('.wasm')) copyFileSync(join(dirname(cliPath), f), join(dir, f));
    if (spawnSync(process.execPath, [join(dir, 'cli.js'), '--version']).status === 0) {
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return (snapshot = join(dir, 'cli.js'));
    }
    rmSync(dir, { recursive: true, force: true });
    // dist/ is being rebuilt: take it again a second later (bounded: five attempts).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  throw new Error(`${cliPath} does not load`);
}

/** Runs `deploylens check <workspace> --format json` (asynchronously: cases run side by side). */
export function cliCheck(workspace: string): Promise<CliDiagnostic[]> {
  const path = cli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path, 'check', workspace, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
