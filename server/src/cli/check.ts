import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../common/text';
import type { Finding } from '../common/diagnostics';
import { setOwn } from '../common/own';
import type { DeployLensSettings, RuleSeverity } from '../../../shared/src/settings';
import { checkPath } from '../project/check';
import { classifyFile } from '../project/discover';
import { applyEdits, chooseFixes } from '../project/fixes';
import { readWorkspaceSettings } from '../project/settings';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { loadPythonParser } from '../node/python';
import { toSarif } from './sarif';

const SEVERITIES = new Set(['off', 'hint', 'information', 'warning', 'error']);

/** Where rule documentation lives; SARIF rules link there. */
export const DOCS_BASE = 'https://github.com/deploylens/deploylens/blob/main/docs/rules/';

declare const __VERSION__: string | undefined;

interface Options {
  format: 'text' | 'json' | 'sarif';
  targets: string[];
  fix: boolean;
  maxWarnings: number | null;
  rules: Record<string, RuleSeverity>;
}

function readOptions(argv: string[]): Options {
  const args = parseArgs(argv, ['format', 'max-warnings', 'rule'], ['fix']);
  const format = String(args.options.get('format') ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  if (args.positional.length === 0) throw new UsageError('check needs a file or folder');
  let maxWarnings: number | null = null;
  if (args.options.has('max-warnings')) {
    const raw = String(args.options.get('max-warnings'));
    if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings takes a whole number, not '${raw}'`);
    maxWarnings = Number(raw);
  }
  const rules: Record<string, RuleSeverity> = {};
  for (const r of args.all.get('rule') ?? []) {
    const m = /^([\w.-]+)=(\w+)$/.exec(r);
    if (!m || !SEVERITIES.has(m[2])) throw new UsageError(`--rule takes id=off|hint|information|warning|error, not '${r}'`);
    setOwn(rules, m[1], m[2] as RuleSeverity);
  }
  return { format, targets: args.positional, fix: args.options.get('fix') === true, maxWarnings, rules };
}

/**
 * `deploylens check <file-or-dir>... [--format text|json|sarif] [--fix] [--max-warnings N] [--rule id=severity]...`
 * text: `path:line:col: severity code: message`, as compilers print; json:
 * `{"diagnostics":[{file, line, column, endLine, endColumn, severity, code, message}]}` with `file`
 * relative to the checked folder (a checked file's own folder); sarif: SARIF 2.1.0.
 * Settings come from the folder's `deploylens.json` or `.vscode/settings.json`; `--rule` overrides them.
 * `--fix` applies every unambiguous fix in place, prints what it changed, and reports what is left.
 * Exit 1 when any error was found (or more warnings than --max-warnings), 0 otherwise, 2 on bad usage.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let opts: Options;
  try {
    opts = readOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`deploylens check: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (opts.fix && !io.writeFile) {
    io.err('deploylens check: --fix cannot write files here');
    return 2;
  }
  // The Python parser (a wasm runtime) is loaded only when something Python may be read: a folder,
  // or a file that is not an nginx config checked on its own.
  const needsPython = opts.targets.some((t) => {
    const path = posix.resolve(io.cwd, t);
    if (io.host.stat(path)?.type !== 'file') return true;
    const kind = classifyFile(io.host, path);
    return kind !== 'nginx' && kind !== 'other';
  });
  if (needsPython) {
    try {
      await loadPythonParser();
    } catch (e) {
      io.err(`deploylens check: Python files will not be analysed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const rows: JsonDiagnostic[] = [];
  const textLines: string[] = [];
  const sarifFindings: Array<{ f: Finding; base: string }> = [];
  const indexes = new Map<string, LineIndex>();
  const index = (file: string) => {
    let idx = indexes.get(file);
    if (!idx) indexes.set(file, (idx = new LineIndex(io.host.readFile(file) ?? '')));
    return idx;
  };
  let errors = 0;
  let warnings = 0;
  for (const t of opts.targets) {
    const target = posix.resolve(io.cwd, t);
    const st = io.host.stat(target);
    if (!st) {
      io.err(`deploylens check: no such file or folder: ${t}`);
      return 2;
    }
    const base = st.type === 'directory' ? target : posix.dirname(target);
    const { settings: fromFiles, messages } = readWorkspaceSettings(io.host, base);
    for (const m of messages) io.err(`deploylens check: ${m}`);
    const settings: DeployLensSettings = { ...fromFiles, rules: { ...fromFiles.rules, ...opts.rules } };
    let { findings } = checkPath(io.host, target, settings);
    if (opts.fix) findings = fixAll(io, target, settings, findings, (line) => textLines.push(line));
    indexes.clear();
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      if (f.severity === 'warning') warnings++;
      const row = toJson(f, index(f.file), posix.relative(base, f.file) || posix.basename(f.file));
      rows.push(row);
      sarifFindings.push({ f, base });
      textLines.push(`${posix.relative(io.cwd, f.file) || f.file}:${row.line}:${row.column}: ${f.severity} ${f.code}: ${f.message}`);
    }
  }
  if (opts.format === 'json') io.out(JSON.stringify({ diagnostics: rows }, null, 2));
  else if (opts.format === 'sarif') {
    const base = sarifFindings[0]?.base ?? posix.resolve(io.cwd, opts.targets[0]);
    const log = toSarif({
      findings: sarifFindings.map((x) => x.f),
      index,
      relative: (file) => posix.relative(base, file) || posix.basename(file),
      baseUri: pathToFileURL(base.endsWith('/') ? base : base + '/').href,
      version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev',
      docsBase: DOCS_BASE,
    });
    io.out(JSON.stringify(log, null, 2));
  } else {
    for (const l of textLines) io.out(l);
    io.out(rows.length === 0 ? 'no problems found' : `${errors} error(s), ${warnings} warning(s), ${rows.length - errors - warnings} other`);
  }
  if (opts.maxWarnings !== null && warnings > opts.maxWarnings) {
    io.err(`deploylens check: ${warnings} warning(s), more than --max-warnings ${opts.maxWarnings}`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

/**
 * Applies every unambiguous fix in place, in rounds (a fix can make another one possible), at most five;
 * returns the findings of the last check. Each change is reported as `path:line:col: fixed code: title`.
 */
function fixAll(io: CliIO, target: string, settings: DeployLensSettings, findings: Finding[], report: (line: string) => void): Finding[] {
  for (let round = 0; round < 5; round++) {
    const chosen = chooseFixes(findings);
    if (chosen.length === 0) break;
    const byFile = new Map<string, Array<{ edit: import('../common/diagnostics').TextEdit; label: string }>>();
    for (const { finding, fix } of chosen) {
      for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), { edit, label: `${finding.code}: ${fix.title}` }]);
    }
    for (const [file, list] of byFile) {
      const text = io.host.readFile(file);
      if (text === undefined) continue;
      const idx = new LineIndex(text);
      const result = applyEdits(text, list.map((x) => x.edit));
      io.writeFile!(file, result.text);
      for (const e of result.applied) {
        const where = idx.humanAt(e.start);
        report(`${posix.relative(io.cwd, file) || file}:${where.line}:${where.column}: fixed ${list.find((x) => x.edit === e)!.label}`);
      }
    }
    findings = checkPath(io.host, target, settings).findings;
  }
  return findings;
}

/** One finding in the CLI's JSON contract (1-based line/column). */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: string;
  message: string;
}

function toJson(f: Finding, idx: LineIndex, file: string): JsonDiagnostic {
  const s = idx.humanAt(f.start);
  const e = idx.humanAt(f.end);
  return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity: f.severity, code: f.code, message: f.message };
}
