/**
 * The security rules over real configurations: the 559 valid cases of the nginx corpus (each main
 * file checked alone) and the shared deployment fixtures (each checked as a workspace). No rule
 * fails internally, no rule fires on more than a fifth of the corpus (the sanity bar: a lint that
 * flags most real configs is noise), and the tutorials the project is built around (gunicorn's
 * recommended config, DigitalOcean's Flask and Django guides) get no security warning or error.
 * Prints the per-rule counts (the figures in the report).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPython } from '../../helpers/python';
import { CORPUS_DIR, COUNTED_RULES, SHARED_FIXTURES, corpusCounts, fixtureCounts } from './corpusRun';

before(loadPython);

test('corpus: no rule fails, none fires on more than a fifth of the valid configs', { skip: !existsSync(join(CORPUS_DIR, 'index.json')) && 'no corpus' }, () => {
  const c = corpusCounts();
  assert.ok(c.units >= 500, `${c.units} cases`);
  assert.deepEqual(c.internal.map((f) => f.message), []);
  const rows = COUNTED_RULES.map((r) => `  ${r.id.padEnd(28)} ${String(c.unitsWithFinding.get(r.id) ?? 0).padStart(4)} configs ${String(c.findings.get(r.id) ?? 0).padStart(5)} findings`);
  console.log(`security rules over ${c.units} valid corpus configs:\n${rows.join('\n')}`);
  for (const r of COUNTED_RULES) assert.ok((c.unitsWithFinding.get(r.id) ?? 0) <= c.units / 5, `${r.id} fires on ${c.unitsWithFinding.get(r.id)} of ${c.units}`);
  // The corpus does hold real instances: the rules are not silent on it.
  const firing = COUNTED_RULES.filter((r) => (c.unitsWithFinding.get(r.id) ?? 0) > 0).length;
  assert.ok(firing >= 9, `only ${firing} rules fire on the corpus`);
});

test('shared fixtures: the tutorials get no security warning or error', { skip: !existsSync(SHARED_FIXTURES) && 'no fixtures' }, () => {
  const f = fixtureCounts();
  assert.ok(f.units >= 5);
  assert.deepEqual(f.internal.map((x) => x.message), []);
  const serious = [...f.byUnit].flatMap(([unit, list]) => list.filter((x) => x.severity === 'error' || x.severity === 'warning').map((x) => `${unit}: ${x.code} ${x.message}`));
  // (pybo-wikidocs writes `location /static { alias .../static; }`: no slash on either side, so
  // /static../ maps to a sibling name, not the parent: nothing to report.)
  assert.deepEqual(serious, []);
  console.log([...f.byUnit].map(([u, l]) => `  ${u}: ${l.map((x) => `${x.code} (${x.severity})`).join(', ') || 'nothing'}`).join('\n'));
});
