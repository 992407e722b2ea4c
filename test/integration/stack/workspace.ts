// A case's workspace on disk: a copy of its base with the case's edits applied, and the lines
// where the checker's error must be.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LineRef, StackCase } from './cases';

/** Where the working bases live. */
export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'stack');

/** A workspace folder and the places (file relative to it, 1-based line) an error must be at. */
export interface Materialized {
  dir: string;
  at: Array<{ file: string; line: number }>;
}

/** Copies the base (at `baseDir`, default test/fixtures/stack/<base>) to a temp folder and applies the edits; each `find` must occur exactly once. */
export function materialize(c: StackCase, baseDir = join(FIXTURES, c.base)): Materialized {
  const dir = mkdtempSync(join(tmpdir(), 'dls-ws-'));
  cpSync(baseDir, dir, { recursive: true });
  for (const edit of c.edits) {
    const path = join(dir, edit.file);
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf(edit.find);
    if (at < 0 || text.indexOf(edit.find, at + 1) >= 0) throw new Error(`${c.id}: '${edit.find}' must occur exactly once in ${edit.file}`);
    writeFileSync(path, text.slice(0, at) + edit.replace + text.slice(at + edit.find.length));
  }
  return { dir, at: resolveAt(c, dir) };
}

/** The 1-based lines of a workspace file that contain the ref's text. */
export function linesOf(dir: string, ref: LineRef): number[] {
  const lines = readFileSync(join(dir, ref.file), 'utf8').split('\n');
  return lines.flatMap((l, i) => (l.includes(ref.line) ? [i + 1] : []));
}

/** The case's `at` lines, or the lines the edits wrote (none for a working case) (each replacement's first occurrence in the final text). */
function resolveAt(c: StackCase, dir: string): Materialized['at'] {
  if (c.stack === 'working') return [];
  if (c.at) {
    return c.at.flatMap((ref) => {
      const lines = linesOf(dir, ref);
      if (lines.length === 0) throw new Error(`${c.id}: no line of ${ref.file} contains '${ref.line}'`);
      return lines.map((line) => ({ file: ref.file, line }));
    });
  }
  return c.edits.flatMap((edit) => {
    if (edit.replace === '') throw new Error(`${c.id}: an edit that deletes text needs an explicit 'at'`);
    const text = readFileSync(join(dir, edit.file), 'utf8');
    const start = text.indexOf(edit.replace);
    const first = text.slice(0, start).split('\n').length;
    const count = edit.replace.replace(/\n$/, '').split('\n').length;
    return Array.from({ length: count }, (_, i) => ({ file: edit.file, line: first + i }));
  });
}
