// The layout's promises (layoutCheck.ts) on real graphs (the example, every workspace fixture,
// generated workspaces of 20 to 1,000 locations) and on random graphs, including hostile ones
// (edges backwards, within a column, to unknown nodes, cycles of nested locations); stability:
// the same graph gives the same layout, one more location keeps every other node's order.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DeploymentGraph, GraphNodeKind } from '../../../shared/src/graph';
import type { MemoryHost } from '../../../server/src/common/memoryHost';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { checkPath } from '../../../server/src/project/check';
import { readWorkspaceSettings } from '../../../server/src/project/settings';
import { buildGraph } from '../../../server/src/project/topology';
import { defaultSettings } from '../../../shared/src/settings';
import { COLUMN } from '../../../shared/src/render/columns';
import { layoutGraph } from '../../../shared/src/render/layout';
import { loadPython } from '../../helpers/python';
import { layerOrders, layoutProblems, overlappingEdges } from './layoutCheck';
import { edge, node } from './graphs';
import { exampleWorkspace, generatedWorkspace } from './workspace';

before(loadPython);

function graphOf(host: MemoryHost): DeploymentGraph {
  const r = checkPath(host, '/ws', defaultSettings);
  return buildGraph(r.model!, r.findings, host);
}

function assertGood(name: string, g: DeploymentGraph): void {
  const l = layoutGraph(g);
  assert.deepEqual(layoutProblems(g, l).slice(0, 10), [], name);
  assert.deepEqual(overlappingEdges(g, l).slice(0, 10), [], `${name}: edges drawn on top of each other`);
}

test('the example, every workspace fixture and generated workspaces keep every promise', () => {
  assertGood('example', graphOf(exampleWorkspace()));
  const fixtures = join(__dirname, '..', '..', 'fixtures', 'workspaces');
  const host = new NodeHost();
  const cases = readdirSync(fixtures).filter((d) => existsSync(join(fixtures, d, 'case.json')));
  assert.ok(cases.length >= 10);
  for (const name of cases) {
    const root = join(fixtures, name);
    const r = checkPath(host, root, readWorkspaceSettings(host, root).settings);
    assertGood(name, buildGraph(r.model!, r.findings, host));
  }
  for (const n of [1, 7, 20, 200, 1000]) assertGood(`${n} locations`, graphOf(generatedWorkspace(n)));
});

const KINDS = Object.keys(COLUMN) as GraphNodeKind[];

/**
 * Random graphs: up to 40 nodes of any kind, with hostile labels; edges mostly rightwards (as a
 * deployment's are), some backwards, within a column, to unknown nodes, self loops and repeats.
 */
const graphs = fc
  .record({
    nodes: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), label: fc.string({ maxLength: 60 }), order: fc.integer({ min: -3, max: 30 }) }), { maxLength: 40 }),
    edges: fc.array(fc.record({ a: fc.nat(44), b: fc.nat(44), keep: fc.boolean(), fan: fc.nat(6) }), { maxLength: 80 }),
  })
  .map(({ nodes, edges }): DeploymentGraph => {
    const ns = nodes.map((n, i) => node(`n${i}`, n.kind, n.label, { order: n.order }));
    const es = edges.flatMap(({ a, b, keep, fan }) => {
      // Mostly rightwards; `keep` leaves the pair as drawn, backwards included. `fan`: more edges from a.
      const [x, y] = !keep && ns[a] && ns[b] && COLUMN[ns[a].kind] > COLUMN[ns[b].kind] ? [b, a] : [a, b];
      return Array.from({ length: fan + 1 }, (_v, k) => edge(`n${x}`, `n${(y + k) % Math.max(ns.length, 1)}`));
    });
    return { nodes: ns, edges: es, notes: [] };
  });

/**
 * Random deployment-shaped graphs: a few nodes per column, every edge one or two columns rightwards,
 * nodes in their given order; boxes then stack level across columns, so edges cross at equal heights.
 */
const layered = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
    edges: fc.array(fc.record({ col: fc.nat(3), skip: fc.boolean(), a: fc.nat(3), b: fc.nat(3) }), { maxLength: 24 }),
  })
  .map(({ sizes, edges }): DeploymentGraph => {
    const kinds: GraphNodeKind[] = ['listen', 'server', 'location', 'socket'];
    const ns = sizes.flatMap((n, c) => Array.from({ length: n }, (_v, i) => node(`${c}.${i}`, kinds[c], `${kinds[c]} ${i}`, { order: i })));
    const es = edges
      .map(({ col, skip, a, b }) => ({ from: col, to: Math.min(col + (skip ? 2 : 1), 3), a, b }))
      .filter(({ from, to }) => to > from)
      .map(({ from, to, a, b }) => edge(`${from}.${a % sizes[from]}`, `${to}.${b % sizes[to]}`));
    return { nodes: ns, edges: es, notes: [] };
  });

test('random graphs keep every promise, and the same graph gives the same layout', () => {
  fc.assert(
    fc.property(fc.oneof(graphs, layered), (g) => {
      const l = layoutGraph(g);
      assert.deepEqual(layoutProblems(g, l), []);
      assert.deepEqual(overlappingEdges(g, l), []);
      assert.deepEqual(layoutGraph(structuredClone(g)), l);
    }),
    { numRuns: 400 },
  );
});

test('edges crossing with exactly swapped heights (two listens and two servers crosswise) never share a line: one takes a step', () => {
  const listens: DeploymentGraph = {
    nodes: [node('c', 'client', 'c'), node('l80', 'listen', '*:80', { order: 0 }), node('l443', 'listen', '*:443', { order: 1 }), node('a', 'server', 'a', { order: 0 }), node('b', 'server', 'b', { order: 1 })],
    edges: [edge('c', 'l80'), edge('c', 'l443'), edge('l80', 'a'), edge('l80', 'b'), edge('l443', 'a'), edge('l443', 'b')],
    notes: [],
  };
  const cross: DeploymentGraph = {
    nodes: [node('s0', 'server', 's0', { order: 0 }), node('s1', 'server', 's1', { order: 1 }), node('l0', 'location', '/a', { order: 0 }), node('l1', 'location', '/b', { order: 1 })],
    edges: [edge('s0', 'l1'), edge('s1', 'l0')],
    notes: [],
  };
  for (const [g, stepped] of [
    [listens, 'l80->b'],
    [cross, 's0->l1'],
  ] as const) {
    const l = layoutGraph(g);
    assert.deepEqual(layoutProblems(g, l), []);
    assert.deepEqual(overlappingEdges(g, l), []);
    assert.equal(l.edges.find((e) => e.id === stepped)!.points.length, 6, `${stepped} steps between the other's line and its own`);
  }
});

test('nested locations go one sub-column right per level; a nesting cycle still lays out', () => {
  const g: DeploymentGraph = {
    nodes: [node('s', 'server', 's'), node('a', 'location', '/a/'), node('b', 'location', '/a/b/'), node('c', 'location', '/a/b/c/'), node('x', 'static', '/x/'), node('y', 'location', '/y/'), node('z', 'location', '/z/')],
    edges: [edge('s', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'x'), edge('a', 'x'), edge('s', 'y'), edge('y', 'z'), edge('z', 'y')],
    notes: [],
  };
  const l = layoutGraph(g);
  assert.deepEqual(layoutProblems(g, l), []);
  const x = (id: string) => l.nodes.find((b) => b.id === id)!.x;
  assert.ok(x('a') < x('b') && x('b') < x('c') && x('c') < x('x'), 'each level right of its parent, all left of the static column');
});

/** Ids of the nodes reachable from `from` along the graph's edges (them included). */
function reachable(g: DeploymentGraph, from: readonly string[]): Set<string> {
  const seen = new Set(from);
  const todo = [...from];
  while (todo.length) {
    const id = todo.pop()!;
    for (const e of g.edges) {
      if (e.from === id && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
    }
  }
  return seen;
}

test('one more location keeps the order of the other locations, and of every node it does not reach; the rest moves little', () => {
  const media = (p: string, t: string) => (p.endsWith('sites-available/myproject') ? t.replace('    location / {', '    location /media/ {\n        alias /srv/media/;\n    }\n    location / {') : t);
  for (const [name, before, after] of [
    ['200 -> 201', graphOf(generatedWorkspace(200)), graphOf(generatedWorkspace(201))],
    ['20 -> 21', graphOf(generatedWorkspace(20)), graphOf(generatedWorkspace(21))],
    ['example + /media/', graphOf(exampleWorkspace()), graphOf(exampleWorkspace(media))],
  ] as const) {
    const [a, b] = [layoutGraph(before), layoutGraph(after)];
    const kept = new Set(before.nodes.map((n) => n.id));
    const added = after.nodes.filter((n) => !kept.has(n.id));
    assert.ok(added.some((n) => n.kind === 'location'), `${name}: a location was added`);
    const reached = reachable(
      after,
      added.map((n) => n.id),
    );
    const column = new Map(after.nodes.map((n) => [n.id, COLUMN[n.kind]]));
    // Locations (and what is left of them) keep the graph's order; later columns keep theirs except for what the new location reaches.
    const compared = (id: string) => kept.has(id) && (column.get(id)! <= COLUMN.location || !reached.has(id));
    const ordersB = layerOrders(b);
    let layers = 0;
    for (const [key, ids] of layerOrders(a)) {
      assert.deepEqual((ordersB.get(key) ?? []).filter(compared), ids.filter(compared), `${name}: order of layer ${key}`);
      layers++;
    }
    assert.ok(layers >= 5);
    // Vertical moves stay small: a box is 40 px, a row 54.
    const yB = new Map(b.nodes.map((n) => [n.id, n.y]));
    const moves = a.nodes.map((n) => Math.abs(yB.get(n.id)! - n.y)).sort((p, q) => p - q);
    const median = moves[Math.floor(moves.length / 2)];
    assert.ok(median <= 54, `${name}: median move ${median} px`);
  }
});
