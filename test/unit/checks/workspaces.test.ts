/**
 * Whole-workspace fixtures (test/fixtures/workspaces/<case>/): each is checked as a workspace, and
 * - every finding (file, line, column, severity, code, message) equals `expected.json` next to it;
 * - a working case (case.json `working: true`) has no error; every finding case.json expects is
 *   reported on the line it names;
 * - the derived (broken) cases are what derive.mjs makes of their base (not stale).
 * `UPDATE_SNAPSHOTS=1` rewrites expected.json (refused under CI); review the diff before committing.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkPath } from '../../../server/src/project/check';
import { LineIndex } from '../../../server/src/common/text';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';
// @ts-expect-error: a plain .mjs script without types
import { CASES, deriveCase, readTree } from '../../fixtures/workspaces/derive.mjs';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'workspaces');
const update = process.env.UPDATE_SNAPSHOTS === '1';

interface CaseMeta {
  working: boolean;
  expect: Array<{ code: string; file: string; line: string }>;
}

interface Shown {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

before(async () => {
  await loadPython();
  if (update && process.env.CI) throw new Error('UPDATE_SNAPSHOTS is refused under CI');
});

function findingsOf(root: string): Shown[] {
  const host = new NodeHost();
  const { findings } = checkPath(host, root, defaultSettings);
  return findings.map((f) => {
    const pos = new LineIndex(host.readFile(f.file) ?? '').humanAt(f.start);
    return { file: relative(root, f.file), line: pos.line, column: pos.column, severity: f.severity, code: f.code, message: f.message.split(root + '/').join('') };
  });
}

const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(fixtures, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

test('every derived case has a folder, every folder a case.json', () => {
  for (const c of CASES as Array<{ name: string }>) assert.ok(cases.includes(c.name), `${c.name} is missing: run node test/fixtures/workspaces/derive.mjs`);
  assert.ok(cases.length >= 40, `only ${cases.length} workspaces`);
});

for (const c of CASES as Array<{ name: string }>) {
  test(`derived workspace ${c.name} is up to date`, () => {
    const want = deriveCase(c, fixtures) as Map<string, string>;
    const have = readTree(join(fixtures, c.name)) as Map<string, string>;
    have.delete('expected.json');
    assert.deepEqual([...have.keys()].sort(), [...want.keys()].sort(), 'run node test/fixtures/workspaces/derive.mjs');
    for (const [file, text] of want) assert.equal(have.get(file), text, `${file}: run node test/fixtures/workspaces/derive.mjs`);
  });
}

for (const name of cases) {
  test(`workspace ${name}`, () => {
    const root = join(fixtures, name);
    const meta = JSON.parse(readFileSync(join(root, 'case.json'), 'utf8')) as CaseMeta;
    const actual = findingsOf(root);
    const errors = actual.filter((f) => f.severity === 'error');
    if (meta.working) assert.deepEqual(errors, [], 'a working deployment must have no error');
    for (const e of meta.expect) {
      const lines = readFileSync(join(root, e.file), 'utf8').split('\n');
      const wanted = lines.flatMap((l, i) => (l.includes(e.line) ? [i + 1] : []));
      assert.ok(wanted.length > 0, `${e.file} has no line with "${e.line}"`);
      const hit = actual.find((f) => f.code === e.code && f.file === e.file && wanted.includes(f.line));
      assert.ok(hit, `expected ${e.code} in ${e.file} on the line with "${e.line}"; got ${JSON.stringify(actual.map((f) => `${f.file}:${f.line} ${f.code}`))}`);
      if (!meta.working) assert.notEqual(hit.severity, 'hint', `${e.code} must be more than a hint in a broken workspace`);
    }
    const file = join(root, 'expected.json');
    if (update || !existsSync(file)) {
      if (!update) assert.fail(`${file} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  });
}
