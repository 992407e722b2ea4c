/**
 * Every quick fix the checker offers on the workspace fixtures, applied one at a time to an
 * in-memory copy of the workspace:
 * - its edits stay in bounds, do not overlap, and replace only what they mean to: text inside the
 *   finding's or a related range, a single word, or nothing (a whole line inserted);
 * - after it, the finding is gone (one fewer finding of that code in that file) and there are no
 *   more errors than before.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import type { Finding, Fix } from '../../../server/src/common/diagnostics';
import { checkPath } from '../../../server/src/project/check';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';
// @ts-expect-error: a plain .mjs script without types
import { readTree } from '../../fixtures/workspaces/derive.mjs';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'workspaces');

before(async () => {
  await loadPython();
});

function load(root: string): MemoryHost {
  const host = new MemoryHost();
  for (const [rel, text] of readTree(root) as Map<string, string>) host.set(join(root, rel), text);
  return host;
}

function applyFix(host: MemoryHost, fix: Fix): MemoryHost {
  const out = new MemoryHost();
  for (const p of host.paths()) out.set(p, host.readFile(p)!);
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    let text = host.readFile(file)!;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    out.set(file, text);
  }
  return out;
}

/** Where an edit may replace text: the finding's range and its related ranges. */
function allowed(f: Finding): Array<{ file: string; start: number; end: number }> {
  return [{ file: f.file, start: f.start, end: f.end }, ...(f.related ?? [])];
}

function checkEdits(host: MemoryHost, f: Finding, fix: Fix): void {
  const edits = [...fix.edits].sort((a, b) => (a.file === b.file ? a.start - b.start : a.file < b.file ? -1 : 1));
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    const text = host.readFile(e.file);
    assert.ok(text !== undefined, `${fix.title}: edits a file the workspace does not have (${e.file})`);
    assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `${fix.title}: edit out of bounds`);
    if (i > 0 && edits[i - 1].file === e.file) assert.ok(edits[i - 1].end <= e.start, `${fix.title}: overlapping edits`);
    const old = text.slice(e.start, e.end);
    if (old === '') {
      // An insertion: of whole lines at a line start, or inside a word (a modifier, a slash).
      if (e.newText.endsWith('\n')) assert.ok(e.start === 0 || text[e.start - 1] === '\n', `${fix.title}: a line inserted mid-line`);
      continue;
    }
    const inside = allowed(f).some((r) => r.file === e.file && r.start <= e.start && e.end <= r.end);
    const oneWord = !/[\s;{}]/.test(old);
    assert.ok(inside || oneWord, `${fix.title}: replaces "${old}", outside the finding and more than a word`);
  }
}

const count = (fs: Finding[], code: string, file: string) => fs.filter((x) => x.code === code && x.file === file).length;

const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(fixtures, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

let total = 0;
for (const name of cases) {
  test(`fixes of workspace ${name}`, () => {
    const root = join(fixtures, name);
    const host = load(root);
    const before = checkPath(host, root, defaultSettings).findings;
    const errorsBefore = before.filter((f) => f.severity === 'error').length;
    for (const f of before) {
      for (const fix of f.fixes ?? []) {
        total++;
        checkEdits(host, f, fix);
        const after = checkPath(applyFix(host, fix), root, defaultSettings).findings;
        assert.ok(count(after, f.code, f.file) < count(before, f.code, f.file), `${name}: "${fix.title}" leaves ${f.code} in ${f.file}`);
        const errorsAfter = after.filter((x) => x.severity === 'error');
        assert.ok(errorsAfter.length <= errorsBefore, `${name}: "${fix.title}" adds errors: ${errorsAfter.map((x) => `${x.code}: ${x.message}`).join('; ')}`);
      }
    }
  });
}

test('the fixtures offer fixes to test', () => {
  assert.ok(total >= 25, `only ${total} fixes were applied`);
});
