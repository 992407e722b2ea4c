import { posix } from 'node:path';
import { LineIndex } from '../common/text';
import type { Finding } from '../common/diagnostics';
import { checkPath } from '../project/check';
import { readWorkspaceSettings } from '../project/settings';
import { parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { loadPythonParser } from '../node/python';

/**
 * `deploylens check <file-or-dir>... [--format text|json]`.
 * text: `path:line:col: severity code: message`, as compilers print; json:
 * `{"diagnostics":[{file, line, column, endLine, endColumn, severity, code, message}]}` with `file`
 * relative to the checked folder (a checked file's own folder). Exit 1 when any error was found.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let format = 'text';
  let targets: string[];
  try {
    const args = parseArgs(argv, ['format']);
    format = String(args.options.get('format') ?? 'text');
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
    targets = args.positional;
    if (targets.length === 0) throw new UsageError('check needs a file or folder');
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`deploylens check: ${e.message}`);
      return 2;
    }
    throw e;
  }

  try {
    await loadPythonParser();
  } catch (e) {
    io.err(`deploylens check: Python files will not be analysed: ${e instanceof Error ? e.message : String(e)}`);
  }

  const rows: JsonDiagnostic[] = [];
  const textLines: string[] = [];
  let errors = 0;
  for (const t of targets) {
    const target = posix.resolve(io.cwd, t);
    const st = io.host.stat(target);
    if (!st) {
      io.err(`deploylens check: no such file or folder: ${t}`);
      return 2;
    }
    const base = st.type === 'directory' ? target : posix.dirname(target);
    const { settings, messages } = readWorkspaceSettings(io.host, base);
    for (const m of messages) io.err(`deploylens check: ${m}`);
    const { findings } = checkPath(io.host, target, settings);
    const indexes = new Map<string, LineIndex>();
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      let idx = indexes.get(f.file);
      if (!idx) indexes.set(f.file, (idx = new LineIndex(io.host.readFile(f.file) ?? '')));
      const row = toJson(f, idx, posix.relative(base, f.file) || posix.basename(f.file));
      rows.push(row);
      textLines.push(`${posix.relative(io.cwd, f.file) || f.file}:${row.line}:${row.column}: ${f.severity} ${f.code}: ${f.message}`);
    }
  }
  if (format === 'json') io.out(JSON.stringify({ diagnostics: rows }, null, 2));
  else {
    for (const l of textLines) io.out(l);
    const warnings = rows.filter((r) => r.severity === 'warning').length;
    io.out(rows.length === 0 ? 'no problems found' : `${errors} error(s), ${warnings} warning(s), ${rows.length - errors - warnings} other`);
  }
  return errors > 0 ? 1 : 0;
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
