/**
 * The layers of the topology layout: which vertical line of boxes every node goes in, and in what
 * order top to bottom. A layer is a column (COLUMN, by kind) at one nesting depth of locations, so a
 * nested location gets a layer right of its parent's. An edge that skips layers gets a dummy item in
 * every layer it passes: a zero-height slot that the placement keeps clear of the nodes there, so the
 * edge crosses that layer on a free horizontal line instead of through a box. Edges that do not go
 * rightwards (none does in a real deployment; the data could say otherwise) are kept apart and routed
 * over the top of the picture.
 */
import type { DeploymentGraph, GraphNode } from '../graph';
import { COLUMN } from './columns';

/** An edge between two known, distinct nodes, by node index. */
export interface LayerEdge {
  id: string;
  from: number;
  to: number;
}

/** The result: items (nodes first, then dummies), the layers they form, and each edge's chain of items. */
export interface Layering {
  /** How many items are nodes (the graph's, in its order); the items after them are dummies. */
  nodeCount: number;
  /** Edges kept (both ends known, not a self loop), in the graph's order. */
  edges: LayerEdge[];
  /** Layer of every item; items 0..nodes-1 are the graph's nodes, the rest are dummies. */
  layerOf: number[];
  /** For a dummy item: the edge it belongs to; -1 for a node. */
  edgeOf: number[];
  /** Item indices per layer, top to bottom. */
  layers: number[][];
  /** The column (COLUMN) of each layer. */
  layerColumn: number[];
  /** Per edge: its items from source to target, one per layer, or undefined for an edge that does not go rightwards. */
  chains: Array<number[] | undefined>;
  /** Per item: the items one layer to the left/right joined to it by a piece of an edge. */
  preds: number[][];
  succs: number[][];
  /** The edge of each of those pieces (parallel to preds and succs). */
  predEdge: number[][];
  succEdge: number[][];
}

/** Lays the graph's nodes out in layers and splits the edges that skip layers. */
export function buildLayers(graph: DeploymentGraph): Layering {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const edges: LayerEdge[] = [];
  for (const e of graph.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from !== undefined && to !== undefined && from !== to) edges.push({ id: e.id, from, to });
  }
  const depth = nestingDepth(graph.nodes, edges);
  const rank = orderKeys(graph.nodes, edges, depth);
  const groupOf = graph.nodes.map((n, i) => COLUMN[n.kind] * 100 + depth[i]);
  const groups = [...new Set(groupOf)].sort((a, b) => a - b);
  const layerOfGroup = new Map(groups.map((g, l) => [g, l]));

  const layerOf = groupOf.map((g) => layerOfGroup.get(g)!);
  const edgeOf = graph.nodes.map(() => -1);
  const preds: number[][] = graph.nodes.map(() => []);
  const succs: number[][] = graph.nodes.map(() => []);
  const predEdge: number[][] = graph.nodes.map(() => []);
  const succEdge: number[][] = graph.nodes.map(() => []);
  const chains = edges.map((e, ei) => {
    const [ls, lt] = [layerOf[e.from], layerOf[e.to]];
    if (lt <= ls) return undefined;
    const chain = [e.from];
    for (let l = ls + 1; l < lt; l++) {
      chain.push(layerOf.length);
      layerOf.push(l);
      edgeOf.push(ei);
      preds.push([]);
      succs.push([]);
      predEdge.push([]);
      succEdge.push([]);
    }
    chain.push(e.to);
    for (let k = 1; k < chain.length; k++) {
      succs[chain[k - 1]].push(chain[k]);
      succEdge[chain[k - 1]].push(ei);
      preds[chain[k]].push(chain[k - 1]);
      predEdge[chain[k]].push(ei);
    }
    return chain;
  });

  const realByLayer: number[][] = groups.map(() => []);
  graph.nodes.forEach((_n, i) => realByLayer[layerOf[i]].push(i));
  const dummyByLayer: number[][] = groups.map(() => []);
  for (let i = graph.nodes.length; i < layerOf.length; i++) dummyByLayer[layerOf[i]].push(i);

  // Left to right, every layer's order is final before the next one's dummies are slotted in.
  const layers: number[][] = [];
  const pos = new Map<number, number>();
  for (let l = 0; l < groups.length; l++) {
    const real = realByLayer[l].sort((a, b) => rank[a] - rank[b] || a - b);
    const layer = mergeDummies(real, dummyByLayer[l], preds, pos, (d) => targetKey(chains[edgeOf[d]]!, layerOf, rank));
    layer.forEach((item, p) => pos.set(item, p));
    layers.push(layer);
  }
  return { nodeCount: graph.nodes.length, edges, layerOf, edgeOf, layers, layerColumn: groups.map((g) => Math.floor(g / 100)), chains, preds, succs, predEdge, succEdge };
}

/**
 * Slots the dummies of a layer between its nodes, whose order is fixed: a dummy goes level with the
 * item it comes from (its position in the previous layer), a node counts at the mean position of its
 * predecessors, kept non-decreasing so the nodes' order never changes.
 */
function mergeDummies(real: number[], dummies: number[], preds: number[][], pos: Map<number, number>, tie: (d: number) => number): number[] {
  if (dummies.length === 0) return real;
  const mean = (i: number): number | undefined => {
    const ps = preds[i].map((p) => pos.get(p)).filter((p): p is number => p !== undefined);
    return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : undefined;
  };
  let env = -Infinity;
  const realKey = real.map((r) => (env = Math.max(env, mean(r) ?? env)));
  const dummyKey = new Map(dummies.map((d) => [d, pos.get(preds[d][0]) ?? 0]));
  const sorted = [...dummies].sort((a, b) => dummyKey.get(a)! - dummyKey.get(b)! || tie(a) - tie(b) || a - b);
  const out: number[] = [];
  let j = 0;
  real.forEach((r, i) => {
    while (j < sorted.length && dummyKey.get(sorted[j])! < realKey[i]) out.push(sorted[j++]);
    out.push(r);
  });
  while (j < sorted.length) out.push(sorted[j++]);
  return out;
}

/** Orders dummies that leave the same item: by where their edge ends (layer, then rank in it). */
function targetKey(chain: number[], layerOf: number[], rank: number[]): number {
  const t = chain[chain.length - 1];
  return layerOf[t] * 1e6 + rank[t];
}

/** Nesting depth of locations inside locations (0 for top-level ones and every other kind). */
function nestingDepth(nodes: readonly GraphNode[], edges: readonly LayerEdge[]): number[] {
  const parent = new Map<number, number>();
  for (const e of edges) if (nodes[e.from].kind === 'location' && nodes[e.to].kind === 'location') parent.set(e.to, e.from);
  const of = (i: number, guard = 0): number => {
    const p = parent.get(i);
    // A cycle (not a real nginx nesting) stops at the guard instead of recursing forever.
    return p === undefined || guard > 50 ? 0 : of(p, guard + 1) + 1;
  };
  return nodes.map((_n, i) => of(i));
}

/**
 * The order of nodes inside each column: the client, listens, servers and locations keep the graph's
 * order (nginx's matching order for locations); each later column sorts by the median rank of its
 * predecessors (the lower one of an even count), so a socket sits level with the locations that
 * proxy to it. The median of ranks, unlike their mean, never lets one more location reorder nodes
 * it does not reach: inserting a rank shifts the later ones by one, which keeps every median's order.
 */
function orderKeys(nodes: readonly GraphNode[], edges: readonly LayerEdge[], depth: number[]): number[] {
  const key: Array<number | undefined> = nodes.map(() => undefined);
  const preds: number[][] = nodes.map(() => []);
  for (const e of edges) preds[e.to].push(e.from);
  const groups = new Map<number, number[]>();
  nodes.forEach((n, i) => {
    const g = COLUMN[n.kind] * 100 + depth[i];
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(i);
  });
  const median = (i: number): number => {
    const ranks = preds[i]
      .map((p) => key[p])
      .filter((r): r is number => r !== undefined)
      .sort((a, b) => a - b);
    return ranks.length ? ranks[(ranks.length - 1) >> 1] : Number.MAX_SAFE_INTEGER;
  };
  // Graph-ordered columns rank across their nesting levels, so that a nested location's rank and
  // its parent's compare (a static directory can have both as predecessors).
  const byOrder = (a: number, b: number) => nodes[a].order - nodes[b].order || a - b;
  const columnRank = new Map<number, number>();
  for (const kind of ['client', 'listen', 'server', 'location'] as const) {
    nodes
      .map((_n, i) => i)
      .filter((i) => COLUMN[nodes[i].kind] === COLUMN[kind])
      .sort(byOrder)
      .forEach((i, r) => columnRank.set(i, r));
  }
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const members = groups.get(g)!;
    if (g < (COLUMN.location + 1) * 100) {
      for (const i of members) key[i] = columnRank.get(i)!;
      continue;
    }
    const s = new Map(members.map((i) => [i, median(i)]));
    members.sort((a, b) => s.get(a)! - s.get(b)! || byOrder(a, b)).forEach((i, r) => (key[i] = r));
  }
  return key.map((k) => k ?? 0);
}
