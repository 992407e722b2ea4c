import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { layoutGraph, layoutKey } from '../../../shared/src/render/layout';
import { COLUMN } from '../../../shared/src/render/columns';
import { CHAR_WIDTH, MAX_LABEL_CHARS, displayLabel, nodeWidth, shortLabel } from '../../../shared/src/render/measure';
import type { DeploymentGraph } from '../../../shared/src/graph';
import { chainGraph, edge, node } from './graphs';
import { layoutProblems } from './layoutCheck';

const SNAPSHOT = join(__dirname, 'fixtures', 'chain.layout.json');

/** x of every node's column, ordered by column. */
function columnsOf(g: DeploymentGraph, l: ReturnType<typeof layoutGraph>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const b of l.nodes) (out.get(b.column) ?? out.set(b.column, []).get(b.column)!).push(b.x);
  assert.equal(l.nodes.length, g.nodes.length);
  return out;
}

test('columns run left to right in the kinds order, every node of a column at the same x', () => {
  const g = chainGraph();
  const l = layoutGraph(g);
  const cols = columnsOf(g, l);
  const order = [...cols.keys()].sort((a, b) => a - b);
  for (let i = 1; i < order.length; i++) assert.ok(Math.min(...cols.get(order[i])!) > Math.max(...cols.get(order[i - 1])!), `column ${order[i]} is right of column ${order[i - 1]}`);
  for (const [c, xs] of cols) assert.equal(new Set(xs).size, 1, `column ${c} is one column`);
  for (const b of l.nodes) assert.equal(b.column, COLUMN[g.nodes.find((n) => n.id === b.id)!.kind]);
});

test("locations are drawn top to bottom in nginx's matching order (their order field), whatever the input order", () => {
  const g = chainGraph();
  const l = layoutGraph(g);
  const y = (id: string) => l.nodes.find((b) => b.id === id)!.y;
  assert.ok(y('location:s:=/favicon.ico') < y('location:s:/static/'));
  assert.ok(y('location:s:/static/') < y('location:s:/'));
});

test('a nested location sits right of its parent, still left of the static column', () => {
  const g = chainGraph();
  g.nodes.push(node('location:s:/static/>/static/img/', 'location', 'location /static/img/', { order: 3 }));
  g.edges.push(edge('location:s:/static/', 'location:s:/static/>/static/img/'));
  const l = layoutGraph(g);
  const box = (id: string) => l.nodes.find((b) => b.id === id)!;
  assert.ok(box('location:s:/static/>/static/img/').x > box('location:s:/static/').x + box('location:s:/static/').width);
  assert.ok(box('location:s:/static/>/static/img/').x < box('static:/srv/static/').x);
});

test('every edge is routed from its source right side to its target left side, orthogonally, through no box', () => {
  const g = chainGraph();
  const l = layoutGraph(g);
  assert.deepEqual(layoutProblems(g, l), []);
  const box = new Map(l.nodes.map((b) => [b.id, b]));
  for (const r of l.edges) {
    const e = g.edges.find((x) => x.id === r.id)!;
    const [s, t] = [box.get(e.from)!, box.get(e.to)!];
    const first = r.points[0];
    const last = r.points[r.points.length - 1];
    assert.equal(first.x, s.x + s.width, `${r.id} starts on the right side`);
    assert.equal(last.x, t.x, `${r.id} ends on the left side`);
    assert.ok(last.y > t.y && last.y < t.y + t.height);
  }
});

test('a chain of single edges is drawn straight; a small fan-out leaves through spread ports, its lines never on top of each other', () => {
  const g = chainGraph();
  const l = layoutGraph(g);
  const route = (from: string, to: string) => l.edges.find((r) => r.id === `${from}->${to}`)!.points;
  for (const [from, to] of [
    ['client', 'listen:0.0.0.0:80'],
    ['listen:0.0.0.0:80', 'server:s#0'],
    ['socket:/run/app.sock', 'gunicorn:u'],
    ['gunicorn:u', 'wsgi:g'],
  ]) {
    assert.equal(route(from, to).length, 2, `${from} -> ${to} is one horizontal line`);
  }
  // The server's three locations: ports top to bottom in the locations' order; the level one straight.
  const fan = ['location:s:=/favicon.ico', 'location:s:/static/', 'location:s:/'].map((to) => route('server:s#0', to));
  const starts = fan.map((p) => p[0].y);
  assert.deepEqual([...starts].sort((a, b) => a - b), starts, 'ports in the targets order');
  assert.equal(new Set(starts).size, 3);
  assert.deepEqual(
    fan.map((p) => p.length),
    [4, 2, 4],
  );
  // Two verticals on one x (a shared track) cover disjoint heights.
  const [up, down] = [fan[0], fan[2]];
  if (up[1].x === down[1].x) assert.ok(Math.max(up[1].y, up[2].y) < Math.min(down[1].y, down[2].y));
});

test('layout is deterministic and matches the snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', () => {
  const g = chainGraph();
  const a = layoutGraph(g);
  const b = layoutGraph(g);
  assert.deepEqual(a, b);
  const snap = {
    width: a.width,
    height: a.height,
    nodes: a.nodes.map((n) => [n.id, n.column, n.x, n.y, n.width]),
    edges: a.edges.map((e) => [e.id, e.points.map((p) => `${p.x},${p.y}`).join(' ')]),
    columns: a.columns.map((c) => [c.title, c.x]),
  };
  if (process.env.UPDATE_SNAPSHOTS === '1' && !process.env.CI) writeFileSync(SNAPSHOT, JSON.stringify(snap, null, 1) + '\n');
  assert.ok(existsSync(SNAPSHOT), 'snapshot missing: run with UPDATE_SNAPSHOTS=1');
  assert.deepEqual(snap, JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
});

test('the layout key ignores statuses and problems, and changes with labels and edges', () => {
  const g = chainGraph();
  const k = layoutKey(g);
  const red = chainGraph();
  red.nodes[0].status = 'error';
  red.edges[0].problems.push({ severity: 'error', code: 'x', message: 'y', fixes: [] });
  assert.equal(layoutKey(red), k);
  const renamed = chainGraph('other.example.com');
  assert.notEqual(layoutKey(renamed), k);
  const fewer = chainGraph();
  fewer.edges.pop();
  assert.notEqual(layoutKey(fewer), k);
});

test('labels are cut by characters, never inside a surrogate pair, and node width follows the label', () => {
  const long = '😀'.repeat(60);
  const shown = displayLabel(long);
  assert.equal(Array.from(shown).length, MAX_LABEL_CHARS);
  assert.equal(Array.from(shown)[14], '…', 'cut in the middle');
  assert.equal(displayLabel('/home/ubuntu/projects/myproject/pybo/static/files/'), '/home/ubuntu/p…ct/pybo/static/files/');
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(shown), 'no lone surrogate');
  assert.equal(displayLabel('a\n  b\tc'), 'a b c');
  assert.deepEqual(
    [shortLabel('location', 'location /static/'), shortLabel('server', 'server _'), shortLabel('gunicorn', 'gunicorn'), shortLabel('socket', 'unix:/run/a.sock'), shortLabel('location', 'locations')],
    ['/static/', '_', 'gunicorn', 'unix:/run/a.sock', 'locations'],
  );
  assert.ok(nodeWidth('x'.repeat(30), 'location') > nodeWidth('x'.repeat(10), 'location'));
  assert.equal(nodeWidth('x'.repeat(100), 'c'), nodeWidth('x'.repeat(200), 'c'), 'capped by the cut');
  assert.ok(nodeWidth('x'.repeat(30), 'c') >= 30 * CHAR_WIDTH);
});

test('edges to unknown nodes and self loops are left out, an empty graph lays out', () => {
  const g = chainGraph();
  g.edges.push(edge('client', 'nowhere'), edge('client', 'client'));
  const l = layoutGraph(g);
  assert.equal(l.edges.length, chainGraph().edges.length);
  const empty = layoutGraph({ nodes: [], edges: [], notes: [] });
  assert.deepEqual([empty.nodes, empty.edges], [[], []]);
});
