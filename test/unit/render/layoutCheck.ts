/**
 * The geometric promises of the topology layout, checked on any graph: what the preview relies on to
 * be readable. Returns the broken ones as sentences (empty when all hold), so a property test can
 * print the first counterexample's problems.
 */
import type { DeploymentGraph } from '../../../shared/src/graph';
import type { GraphLayout, NodeBox, Point } from '../../../shared/src/render/layout';
import { COLUMN, COLUMN_TITLES } from '../../../shared/src/render/columns';

/** The edges the layout draws: both ends known, not a self loop, in the graph's order. */
export function drawnEdges(g: DeploymentGraph): DeploymentGraph['edges'] {
  const ids = new Set(g.nodes.map((n) => n.id));
  return g.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
}

/** Every broken promise of `l` as a layout of `g`. */
export function layoutProblems(g: DeploymentGraph, l: GraphLayout): string[] {
  const out: string[] = [];
  if (l.nodes.length !== g.nodes.length) out.push(`${l.nodes.length} boxes for ${g.nodes.length} nodes`);
  // Boxes are found by position in the graph: ids may repeat in hostile data.
  const boxes = l.nodes;
  g.nodes.forEach((n, i) => {
    const b = boxes[i];
    if (!b || b.id !== n.id) out.push(`box ${i} is not node ${n.id}`);
    else if (b.column !== COLUMN[n.kind]) out.push(`${n.id} in column ${b.column}, kind ${n.kind}`);
  });
  if (out.length) return out;
  const all = [...boxes.map((b) => [b.x, b.y, b.width, b.height]), ...l.edges.flatMap((e) => e.points.flatMap((p) => [p.x, p.y]))].flat();
  if (all.some((v) => !Number.isFinite(v))) return ['a coordinate is not a finite number'];

  // No two boxes overlap (a sweep over the boxes sorted by top).
  const byTop = boxes.map((b, i) => ({ b, i })).sort((p, q) => p.b.y - q.b.y);
  for (let a = 0; a < byTop.length; a++) {
    for (let c = a + 1; c < byTop.length && byTop[c].b.y < byTop[a].b.y + byTop[a].b.height; c++) {
      const [p, q] = [byTop[a].b, byTop[c].b];
      if (p.x < q.x + q.width && q.x < p.x + p.width) out.push(`boxes ${p.id} and ${q.id} overlap`);
    }
  }

  // Every box inside its column's band; bands titled and disjoint, left to right.
  for (const b of boxes) {
    const band = l.columns.find((c) => c.column === b.column);
    if (!band) out.push(`no band for column ${b.column}`);
    else if (b.x < band.x || b.x + b.width > band.x + band.width) out.push(`${b.id} outside its column band`);
  }
  l.columns.forEach((c, i) => {
    if (c.title !== COLUMN_TITLES[c.column]) out.push(`band ${c.column} titled ${c.title}`);
    const next = l.columns[i + 1];
    if (next && (next.column <= c.column || next.x < c.x + c.width)) out.push(`bands ${c.column} and ${next.column} out of order or overlapping`);
  });
  for (const b of boxes) if (b.x < 0 || b.y < 0 || b.x + b.width > l.width || b.y + b.height > l.height) out.push(`${b.id} outside the picture`);

  // Edges: from the source's right side to the target's left side, axis-parallel, through no box.
  const edges = drawnEdges(g);
  if (l.edges.length !== edges.length) return [...out, `${l.edges.length} routes for ${edges.length} edges`];
  const index = new Map<string, number>();
  g.nodes.forEach((n, i) => index.set(n.id, index.get(n.id) ?? i));
  edges.forEach((e, k) => {
    const r = l.edges[k];
    if (r.id !== e.id) out.push(`route ${k} is ${r.id}, not ${e.id}`);
    const [s, t] = [boxes[index.get(e.from)!], boxes[index.get(e.to)!]];
    const pts = r.points;
    if (pts.length < 2) return void out.push(`${e.id}: ${pts.length} points`);
    const [first, last] = [pts[0], pts[pts.length - 1]];
    if (first.x !== s.x + s.width || !(first.y > s.y && first.y < s.y + s.height)) out.push(`${e.id} does not start on ${s.id}'s right side`);
    if (last.x !== t.x || !(last.y > t.y && last.y < t.y + t.height)) out.push(`${e.id} does not end on ${t.id}'s left side`);
    if (pts[pts.length - 2].y !== last.y || pts[pts.length - 2].x >= last.x) out.push(`${e.id} does not enter ${t.id} from the left`);
    if (pts[1].y !== first.y || pts[1].x <= first.x) out.push(`${e.id} does not leave ${s.id} to the right`);
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1], pts[i]];
      if (a.x !== b.x && a.y !== b.y) out.push(`${e.id}: segment ${i} is diagonal`);
      for (const box of boxes) if (crossesInterior(a, b, box)) out.push(`${e.id}: segment ${i} crosses ${box.id}`);
    }
  });
  return out;
}

/** Whether the axis-parallel segment a-b meets the open interior of the box. */
export function crossesInterior(a: Point, b: Point, box: NodeBox): boolean {
  const [x1, x2, y1, y2] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x1 < box.x + box.width && x2 > box.x && y1 < box.y + box.height && y2 > box.y;
}

/**
 * Pairs of edges whose vertical (or horizontal) segments lie on one line and overlap by more than a
 * point, although the edges share neither their source nor their target: two edges drawn on top of
 * each other. Edges with a common end may share a line (a bus).
 */
export function overlappingEdges(g: DeploymentGraph, l: GraphLayout): string[] {
  const edges = drawnEdges(g);
  const segs: Array<{ k: number; fixed: number; lo: number; hi: number; vertical: boolean }> = [];
  l.edges.forEach((r, k) => {
    for (let i = 1; i < r.points.length; i++) {
      const [a, b] = [r.points[i - 1], r.points[i]];
      if (a.x === b.x) segs.push({ k, fixed: a.x, lo: Math.min(a.y, b.y), hi: Math.max(a.y, b.y), vertical: true });
      else segs.push({ k, fixed: a.y, lo: Math.min(a.x, b.x), hi: Math.max(a.x, b.x), vertical: false });
    }
  });
  const byLine = new Map<string, typeof segs>();
  for (const s of segs) (byLine.get(`${s.vertical}:${s.fixed}`) ?? byLine.set(`${s.vertical}:${s.fixed}`, []).get(`${s.vertical}:${s.fixed}`)!).push(s);
  const out: string[] = [];
  for (const line of byLine.values()) {
    line.sort((p, q) => p.lo - q.lo);
    for (let i = 0; i < line.length; i++) {
      for (let j = i + 1; j < line.length && line[j].lo < line[i].hi; j++) {
        const [p, q] = [edges[line[i].k], edges[line[j].k]];
        if (line[i].k !== line[j].k && p.from !== q.from && p.to !== q.to) out.push(`${p.id} and ${q.id} overlap on ${line[i].vertical ? 'x' : 'y'}=${line[i].fixed}`);
      }
    }
  }
  return out;
}

/**
 * The ids of each layer's nodes, top to bottom. A layer is a column, or one sub-column of it (nested
 * locations): keyed `column/k` for the column's k-th distinct x, so that keys survive x shifts.
 */
export function layerOrders(l: GraphLayout): Map<string, string[]> {
  const xs = new Map<number, number[]>();
  for (const b of l.nodes) xs.set(b.column, [...new Set([...(xs.get(b.column) ?? []), b.x])].sort((p, q) => p - q));
  const layers = new Map<string, NodeBox[]>();
  for (const b of l.nodes) {
    const key = `${b.column}/${xs.get(b.column)!.indexOf(b.x)}`;
    (layers.get(key) ?? layers.set(key, []).get(key)!).push(b);
  }
  return new Map([...layers].map(([k, bs]) => [k, bs.sort((p, q) => p.y - q.y).map((b) => b.id)]));
}
