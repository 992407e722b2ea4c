// Token/scope snapshots of the sample files in test/fixtures/grammar/<lang>/: each sample has a
// `<name>.snap` next to it. Rewrite them with UPDATE_SNAPSHOTS=1 (refused when CI is set), then
// review the diff like any code change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { repoRoot, snapshotText, tokenize } from './textmate';

const suites: Array<[dir: string, scope: string]> = [
  ['test/fixtures/grammar/nginx/', 'source.nginx'],
  ['test/fixtures/grammar/systemd/', 'source.systemd'],
];

const update = process.env.UPDATE_SNAPSHOTS === '1';
if (update && process.env.CI) throw new Error('UPDATE_SNAPSHOTS is refused when CI is set: snapshots are written only on request, locally.');

for (const [dir, scope] of suites) {
  const folder = new URL(dir, repoRoot);
  const samples = readdirSync(folder).filter((f) => !f.endsWith('.snap')).sort();
  test(`${dir} has samples`, () => assert.ok(samples.length >= 2, `expected samples in ${dir}`));
  for (const sample of samples) {
    test(`${scope} snapshot: ${sample}`, async () => {
      const source = readFileSync(new URL(sample, folder), 'utf8');
      const tokens = await tokenize(scope, source);
      const actual = snapshotText(source, tokens);
      const snapUrl = new URL(`${sample}.snap`, folder);
      if (update) {
        writeFileSync(snapUrl, actual);
        return;
      }
      assert.ok(existsSync(snapUrl), `missing ${dir}${sample}.snap: run with UPDATE_SNAPSHOTS=1 and review it`);
      assert.equal(actual, readFileSync(snapUrl, 'utf8'), `${dir}${sample} tokenizes differently from its snapshot`);
    });
  }
}
