/**
 * Orthogonal edge routes over placed layers. An edge leaves its source's right side at a port,
 * crosses each gap on its way with a horizontal line, or with horizontal-vertical-horizontal when it
 * changes height there (the vertical on the track tracks.ts gives its net), passes through the layers
 * in between at its dummy's height (kept clear of their boxes by the placement) and enters its
 * target's left side at a port. A side with few edges gets one port per edge, spread over the side
 * and ordered by where the edges go, so they never cross at the node; a side with many (a server's
 * hundreds of locations) gets at most three, for edges going up, level and down, and the edges of one
 * port share their vertical line as a bus. Where no order of a gap's lines keeps two edges off each
 * other (crossing with swapped heights), one of them takes a step between two lines. An edge that does
 * not go rightwards runs over the top of the picture, on a line of its own.
 */
import type { Point } from './layout';
import type { Layering } from './layers';
import { MAX_PORTS, type PortOffsets } from './ports';
import { assignTracks, SAME_Y, type Net } from './tracks';

/** One piece of an edge in a gap: from height y1 (left side) to y2 (right side), on a net. */
interface Hop {
  gap: number;
  y1: number;
  y2: number;
  net: number;
  /** A piece split in two (splitClashes): the second half's net and the height of the step between them. */
  split?: { net: number; y: number };
}

/** Where every edge goes before the gaps have widths: its ports, its hops and the tracks of the nets. */
export interface RoutePlan {
  /** Per gap (0 left of layer 0, g between layers g-1 and g, the last one right of the last layer): tracks needed. */
  tracks: number[];
  /** Per net: its track in its gap (-1: none, the net stays level). */
  netTrack: number[];
  /** Per edge: out and in port heights, hops in order, and for an edge routed over the top its line's height. */
  routes: Array<{ y0: number; yEnd: number; hops: Hop[]; over?: number }>;
}

/** Horizontal extents the drawing needs: node boxes and gap bounds. */
export interface RouteGeometry {
  nodeX: readonly number[];
  nodeWidth: readonly number[];
  gapLeft: readonly number[];
  gapRight: readonly number[];
  /** Room between a gap's outer tracks and its sides. */
  trackMargin: number;
}

/**
 * Plans the routes: ports, hops and tracks. `top`/`height` per item (nodes, then dummies), `over[k]`:
 * the height of the line over the top for the k-th edge that does not go rightwards.
 */
export function planRoutes(lay: Layering, top: readonly number[], height: readonly number[], off: PortOffsets, over: readonly number[]): RoutePlan {
  const center = (i: number) => snap(top[i] + height[i] / 2);
  const nodeCount = lay.nodeCount;
  const outs: Array<Array<{ edge: number; other: number }>> = Array.from({ length: nodeCount }, () => []);
  const ins: Array<Array<{ edge: number; other: number }>> = Array.from({ length: nodeCount }, () => []);
  lay.edges.forEach((e, ei) => {
    const chain = lay.chains[ei];
    outs[e.from].push({ edge: ei, other: chain ? center(chain[1]) : -Infinity });
    ins[e.to].push({ edge: ei, other: chain ? center(chain[chain.length - 2]) : -Infinity });
  });
  const outPort = new Map<number, { y: number; key?: string }>();
  const inPort = new Map<number, { y: number; key?: string }>();
  outs.forEach((list, n) => ports(n, 'o', list, top[n], height[n], off.out, outPort));
  ins.forEach((list, n) => ports(n, 'i', list, top[n], height[n], off.in, inPort));

  const gaps = lay.layers.length + 1;
  const netKeys: Array<Map<string, number>> = Array.from({ length: gaps }, () => new Map());
  const nets: Net[] = [];
  const netHops: Hop[][] = [];
  const hop = (gap: number, key: string, y1: number, y2: number): Hop => {
    let net = netKeys[gap].get(key);
    if (net === undefined) {
      net = nets.length;
      netKeys[gap].set(key, net);
      nets.push({ left: [], right: [] });
      netHops.push([]);
    }
    (nets[net].left as number[]).push(y1);
    (nets[net].right as number[]).push(y2);
    const h: Hop = { gap, y1, y2, net };
    netHops[net].push(h);
    return h;
  };
  let overIndex = 0;
  const routes = lay.edges.map((e, ei) => {
    const [po, pi] = [outPort.get(ei)!, inPort.get(ei)!];
    const chain = lay.chains[ei];
    if (!chain) {
      const y = over[overIndex++];
      const hops = [hop(lay.layerOf[e.from] + 1, po.key ?? `e${ei}`, po.y, y), hop(lay.layerOf[e.to], pi.key ?? `e${ei}`, y, pi.y)];
      return { y0: po.y, yEnd: pi.y, hops, over: y };
    }
    const hops: Hop[] = [];
    for (let k = 1; k < chain.length; k++) {
      const first = k === 1;
      const last = k === chain.length - 1;
      const key = (first && po.key) || (last && pi.key) || `e${ei}`;
      hops.push(hop(lay.layerOf[chain[k - 1]] + 1, key, first ? po.y : center(chain[k - 1]), last ? pi.y : center(chain[k])));
    }
    return { y0: po.y, yEnd: pi.y, hops };
  });

  const tracks = new Array<number>(gaps).fill(0);
  const netTrack: number[] = [];
  for (let g = 0; g < gaps; g++) {
    const ids = [...netKeys[g].values()];
    let result = assignTracks(ids.map((i) => nets[i]));
    // A few rounds of splitting settle the rare cycles; a net is split at most once.
    for (let round = 0; round < 4 && result.clashing.length; round++) {
      const added = splitClashes(
        result.clashing.map(([a, b]) => [ids[a], ids[b]]),
        ids,
        nets,
        netHops,
      );
      if (added.length === 0) break;
      ids.push(...added);
      result = assignTracks(ids.map((i) => nets[i]));
    }
    ids.forEach((id, k) => (netTrack[id] = result.track[k]));
    tracks[g] = result.count;
  }
  return { tracks, netTrack, routes };
}

/**
 * Splits one net of each clashing pair (one not split before) in two halves joined by a step at a
 * free height between its ends: every piece of the net runs on the first half's line to that height,
 * across, and on the second half's line to its end. Returns the new nets (the second halves).
 */
function splitClashes(pairs: ReadonlyArray<readonly [number, number]>, ids: readonly number[], nets: Net[], netHops: Hop[][]): number[] {
  const added: number[] = [];
  // A pair with a net split in this round may be settled by that split: the next round tells.
  const touched = new Set<number>();
  const heights = [...new Set(ids.flatMap((i) => [...nets[i].left, ...nets[i].right]))].sort((a, b) => a - b);
  for (const pair of pairs) {
    if (pair.some((n) => touched.has(n))) continue;
    const pick = pair.find((n) => !nets[n].split);
    if (pick === undefined) continue;
    const { left, right } = nets[pick];
    const all = [...left, ...right];
    const y = freeHeight(heights, Math.min(...all), Math.max(...all));
    heights.push(y);
    heights.sort((a, b) => a - b);
    const second = nets.length;
    nets[pick] = { left, right: right.map(() => y), split: { id: pick, half: 0 } };
    nets.push({ left: left.map(() => y), right, split: { id: pick, half: 1 } });
    netHops.push(netHops[pick]);
    for (const h of netHops[pick]) h.split = { net: second, y };
    added.push(second);
    touched.add(pick);
  }
  return added;
}

/** The middle of the widest stretch between lo and hi that holds none of the sorted heights. */
function freeHeight(heights: readonly number[], lo: number, hi: number): number {
  const inner = [lo, ...heights.filter((y) => y > lo && y < hi), hi];
  let best = 0;
  for (let i = 1; i < inner.length; i++) if (inner[i] - inner[i - 1] > inner[best + 1] - inner[best]) best = i - 1;
  return snap((inner[best] + inner[best + 1]) / 2);
}

/** The polylines of a plan, once the gaps have their x extents. */
export function drawRoutes(lay: Layering, plan: RoutePlan, geo: RouteGeometry): Point[][] {
  // The tracks share the gap evenly, inside a margin that leaves room for the arrow heads.
  const trackX = (gap: number, net: number) => {
    const inner = geo.gapRight[gap] - geo.gapLeft[gap] - 2 * geo.trackMargin;
    return snap(geo.gapLeft[gap] + geo.trackMargin + (inner * (plan.netTrack[net] + 0.5)) / plan.tracks[gap]);
  };
  return lay.edges.map((e, ei) => {
    const r = plan.routes[ei];
    const pts: Point[] = [{ x: geo.nodeX[e.from] + geo.nodeWidth[e.from], y: r.y0 }];
    let y = r.y0;
    for (const h of r.hops) {
      if (Math.abs(h.y2 - y) <= SAME_Y) continue;
      const x = trackX(h.gap, h.net);
      if (h.split) {
        const x2 = trackX(h.gap, h.split.net);
        pts.push({ x, y }, { x, y: h.split.y }, { x: x2, y: h.split.y }, { x: x2, y: h.y2 });
      } else pts.push({ x, y }, { x, y: h.y2 });
      y = h.y2;
    }
    pts.push({ x: geo.nodeX[e.to], y });
    return simplify(pts);
  });
}

/**
 * Port heights of one side of node n: the spread ports (ports.ts) when there are few edges; else one
 * for the edges going up, one level, one down, shared (keyed) by the edges that go the same way.
 */
function ports(n: number, side: string, list: Array<{ edge: number; other: number }>, top: number, h: number, spread: ReadonlyArray<number | undefined>, into: Map<number, { y: number; key?: string }>): void {
  if (list.length <= MAX_PORTS) {
    for (const p of list) into.set(p.edge, { y: snap(top + h / 2 + (spread[p.edge] ?? 0)) });
    return;
  }
  const group = (y: number) => (y < top ? 0 : y > top + h ? 2 : 1);
  const size = [0, 0, 0];
  for (const p of list) size[group(p.other)]++;
  for (const p of list) {
    const g = group(p.other);
    into.set(p.edge, { y: snap(top + (h * (g + 1)) / 4), key: size[g] > 1 ? `${side}${n}.${g}` : undefined });
  }
}

/** Drops repeated points and the middle one of three on a line. */
function simplify(pts: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of pts) {
    const a = out[out.length - 2];
    const b = out[out.length - 1];
    if (b && b.x === p.x && b.y === p.y) continue;
    if (a && b && ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y))) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/** Coordinates to a tenth of a pixel, so that equal heights compare equal. */
export function snap(v: number): number {
  return Math.round(v * 10) / 10;
}
