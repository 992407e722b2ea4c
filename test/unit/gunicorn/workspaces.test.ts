/**
 * Whole-workspace fixtures (test/fixtures/gunicorn/<case>/): each is read as a workspace and the
 * result (the CLI's JSON for every instance, and every finding) must equal `expected.json` next to it.
 * `UPDATE_SNAPSHOTS=1` rewrites the expected files (refused under CI); review the diff before committing.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { instancesToJson } from '../../../server/src/cli/gunicorn';
import { LineIndex } from '../../../server/src/common/text';
import { readGunicornWorkspace } from '../../../server/src/gunicorn/index';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { loadPython } from '../../helpers/python';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'gunicorn');
const update = process.env.UPDATE_SNAPSHOTS === '1';

before(async () => {
  await loadPython();
  if (update && process.env.CI) throw new Error('UPDATE_SNAPSHOTS is refused under CI');
});

function snapshot(root: string): unknown {
  const host = new NodeHost();
  const ws = readGunicornWorkspace(host, root);
  const text = (f: string) => host.readFile(f) ?? '';
  const findings = ws.findings.map((f) => {
    const pos = new LineIndex(text(f.file)).humanAt(f.start);
    return { file: relative(root, f.file), line: pos.line, column: pos.column, severity: f.severity, code: f.code, message: f.message };
  });
  return { instances: instancesToJson(ws.instances, root, text), findings };
}

for (const name of readdirSync(fixtures).sort()) {
  const root = join(fixtures, name);
  test(`workspace fixture ${name}`, () => {
    const actual = snapshot(root);
    const file = join(root, 'expected.json');
    if (update || !existsSync(file)) {
      if (!update) assert.fail(`${file} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
  });
}
