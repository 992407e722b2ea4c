/**
 * Ports: where on a node's side an edge attaches. A side with few edges gets one port per edge,
 * spread evenly over the side in the order of the edges' other ends (edges over the top first), so
 * edges leaving one node never cross each other at it. Those offsets are known from the layer order
 * alone, before any height is placed, so the placement can aim at straight edges port to port
 * instead of centre to centre. A side with more edges gets buses (route.ts), placed as if centred.
 */
import type { Layering } from './layers';

/** Sides with up to this many edges get a port per edge. */
export const MAX_PORTS = 3;

/** Per edge: its port's offset from the source's centre (out) and from the target's (in); undefined on a bus side. */
export interface PortOffsets {
  out: Array<number | undefined>;
  in: Array<number | undefined>;
}

/** The spread ports' offsets, for nodes of the given heights (items: nodes, then dummies). */
export function portOffsets(lay: Layering, height: readonly number[]): PortOffsets {
  const pos = new Array<number>(lay.layerOf.length).fill(0);
  for (const layer of lay.layers) layer.forEach((item, p) => (pos[item] = p));
  const outs: number[][] = Array.from({ length: lay.nodeCount }, () => []);
  const ins: number[][] = Array.from({ length: lay.nodeCount }, () => []);
  lay.edges.forEach((e, ei) => {
    outs[e.from].push(ei);
    ins[e.to].push(ei);
  });
  // Where the edge's next (previous) item is; an edge over the top comes first.
  const next = (ei: number) => (lay.chains[ei] ? pos[lay.chains[ei]![1]] : -1);
  const prev = (ei: number) => {
    const c = lay.chains[ei];
    return c ? pos[c[c.length - 2]] : -1;
  };
  const result: PortOffsets = { out: lay.edges.map(() => undefined), in: lay.edges.map(() => undefined) };
  const spread = (list: number[], h: number, key: (ei: number) => number, into: Array<number | undefined>) => {
    if (list.length > MAX_PORTS) return;
    list.sort((a, b) => key(a) - key(b) || a - b);
    list.forEach((ei, i) => (into[ei] = (h * (i + 1)) / (list.length + 1) - h / 2));
  };
  outs.forEach((list, n) => spread(list, height[n], next, result.out));
  ins.forEach((list, n) => spread(list, height[n], prev, result.in));
  return result;
}

/**
 * For every piece of an edge between neighbouring layers, how far the item at its far end should sit
 * above or below this item's centre for the piece to be level: preds side (`predShift[b][j]`: the
 * centre of b wanted at centre(preds[b][j]) + shift) and succs side likewise.
 */
export function hopShifts(lay: Layering, off: PortOffsets): { predShift: number[][]; succShift: number[][] } {
  const at = (item: number, ei: number, out: boolean): number => {
    const e = lay.edges[ei];
    return (out ? (item === e.from ? off.out[ei] : 0) : item === e.to ? off.in[ei] : 0) ?? 0;
  };
  const predShift = lay.preds.map((ps, b) => ps.map((a, j) => at(a, lay.predEdge[b][j], true) - at(b, lay.predEdge[b][j], false)));
  const succShift = lay.succs.map((ss, a) => ss.map((b, j) => at(b, lay.succEdge[a][j], false) - at(a, lay.succEdge[a][j], true)));
  return { predShift, succShift };
}
