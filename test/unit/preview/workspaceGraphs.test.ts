// The topology graph of every workspace fixture (test/fixtures/workspaces): a snapshot of its nodes,
// edges and statuses (fixtures/workspace-graphs.json, rewritten with UPDATE_SNAPSHOTS=1, never in
// CI), and the invariants the preview relies on: edges join existing nodes, ids are unique, a
// working deployment draws no red, a broken one's expected findings colour something.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { checkPath } from '../../../server/src/project/check';
import { readWorkspaceSettings } from '../../../server/src/project/settings';
import { buildGraph } from '../../../server/src/project/topology';
import { loadPython } from '../../helpers/python';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'workspaces');
const SNAPSHOT = join(__dirname, 'fixtures', 'workspace-graphs.json');
const cases = readdirSync(FIXTURES).filter((d) => existsSync(join(FIXTURES, d, 'case.json'))).sort();

before(loadPython);

test('the graph of every workspace fixture matches its snapshot and keeps the invariants', () => {
  const host = new NodeHost();
  const snapshot: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of cases) {
    const root = join(FIXTURES, name);
    const meta = JSON.parse(readFileSync(join(root, 'case.json'), 'utf8')) as { working: boolean; expect?: Array<{ code: string }> };
    const r = checkPath(host, root, readWorkspaceSettings(host, root).settings);
    const g = buildGraph(r.model!, r.findings, host);
    const ids = g.nodes.map((n) => n.id);
    if (new Set(ids).size !== ids.length) problems.push(`${name}: duplicate node ids`);
    for (const e of g.edges) if (!ids.includes(e.from) || !ids.includes(e.to)) problems.push(`${name}: edge ${e.id} joins a missing node`);
    const red = [...g.nodes, ...g.edges].filter((x) => x.status === 'error');
    if (meta.working && red.length > 0) problems.push(`${name}: working, yet red: ${red.map((x) => x.id).join(', ')}`);
    snapshot[name] = {
      nodes: g.nodes.map((n) => `${n.kind} ${n.label} [${n.status}]${n.problems.length ? ' ' + n.problems.map((p) => p.code).join(',') : ''}`),
      edges: g.edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ''} [${e.status}]${e.problems.length ? ' ' + e.problems.map((p) => p.code).join(',') : ''}`),
    };
  }
  assert.deepEqual(problems, []);
  if (process.env.UPDATE_SNAPSHOTS === '1' && !process.env.CI) writeFileSync(SNAPSHOT, JSON.stringify(snapshot, null, 1) + '\n');
  assert.ok(existsSync(SNAPSHOT), 'snapshot missing: run with UPDATE_SNAPSHOTS=1');
  const want = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, unknown>;
  for (const name of cases) assert.deepEqual(snapshot[name], want[name], `graph of ${name} (UPDATE_SNAPSHOTS=1 rewrites; review the diff)`);
  assert.ok(cases.length >= 10);
});
