/**
 * Code actions for findings: each finding's own quick fixes (`Finding.fixes`), then "disable this
 * rule on this line" and "disable this rule in this file" through the suppression comments that
 * the CLI honours too (`project/suppress.ts`).
 */
import type { Finding } from '../common/diagnostics';
import type { FileEdit } from './types';

/** One action an editor offers. */
export interface CodeActionData {
  title: string;
  kind: 'quickfix';
  edits: FileEdit[];
  /** The findings the action resolves. */
  findings: Finding[];
  preferred?: boolean;
}

/** The actions for the findings of one file that touch `[start, end]`. */
export function codeActions(text: string, findings: readonly Finding[], start: number, end: number): CodeActionData[] {
  const hit = findings.filter((f) => f.start <= end && f.end >= start);
  const out: CodeActionData[] = [];
  for (const f of hit) {
    for (const fix of f.fixes ?? []) out.push({ title: fix.title, kind: 'quickfix', edits: fix.edits, findings: [f], preferred: fix.preferred });
  }
  const seen = new Set<string>();
  for (const f of hit) {
    const key = `${f.code}@${lineStart(text, f.start)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ title: `Disable ${f.code} for this line`, kind: 'quickfix', edits: [disableLineEdit(text, f)], findings: [f] });
  }
  const codes = new Set<string>();
  for (const f of hit) {
    if (codes.has(f.code)) continue;
    codes.add(f.code);
    out.push({ title: `Disable ${f.code} for this file`, kind: 'quickfix', edits: [disableFileEdit(text, f)], findings: hit.filter((h) => h.code === f.code) });
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** `# deploylens-disable-next-line <rule>` above the finding's line, with the line's indentation. */
export function disableLineEdit(text: string, f: Finding): FileEdit {
  const start = lineStart(text, f.start);
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { file: f.file, start, end: start, newText: `${indent}# deploylens-disable-next-line ${f.code}${eol}` };
}

/**
 * `# deploylens-disable <rule>` at the top of the file (after a `#!` line), or the rule added to a
 * file-wide comment that is already there.
 */
export function disableFileEdit(text: string, f: Finding): FileEdit {
  const existing = /^[ \t]*#\s*deploylens-disable(?!-)[ \t]+([^\r\n]*)$/m.exec(text);
  if (existing && existing[1].trim() !== '') {
    const end = existing.index + existing[0].length;
    return { file: f.file, start: end, end, newText: `, ${f.code}` };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = text.startsWith('#!') ? (text.indexOf('\n') + 1 || text.length) : 0;
  const prefix = at === text.length && at > 0 && !text.endsWith('\n') ? eol : '';
  return { file: f.file, start: at, end: at, newText: `${prefix}# deploylens-disable ${f.code}${eol}` };
}
