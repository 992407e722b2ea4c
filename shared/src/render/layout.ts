/**
 * Layout of the deployment graph: our own small layered layout (no library), the same code in node
 * and in the webview. The columns are fixed by kind (COLUMN), nested locations one layer right of
 * their parent; the order inside a column is ours (layers.ts: locations in nginx's matching order,
 * every later column by the median rank of its predecessors); the heights come from least-squares
 * sweeps that keep that order (place.ts); edges are orthogonal, with ports and tracks (route.ts,
 * tracks.ts). Nothing is searched, so the picture is stable while the user types and a 1,000-location
 * graph lays out in tens of milliseconds.
 */
import type { DeploymentGraph } from '../graph';
import { COLUMN, COLUMN_TITLES, KIND_CAPTION } from './columns';
import { buildLayers } from './layers';
import { NODE_HEIGHT, nodeWidth, shortLabel } from './measure';
import { EDGE_NODE_GAP, placeItems } from './place';
import { hopShifts, portOffsets } from './ports';
import { drawRoutes, planRoutes, snap } from './route';

/** A point in layout coordinates (px, origin top left). */
export interface Point {
  x: number;
  y: number;
}

/** Where a node is drawn. */
export interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  column: number;
}

/** How an edge is drawn: a polyline from the source's right side to the target's left side. */
export interface EdgeRoute {
  id: string;
  points: Point[];
}

/** A column's heading and horizontal extent. */
export interface ColumnBand {
  column: number;
  title: string;
  x: number;
  width: number;
}

/** The computed layout: plain data, keyed by the graph's ids. */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgeRoute[];
  columns: ColumnBand[];
}

/** Space above the nodes (the column titles are drawn in it) and around the picture, px. */
const PAD_TOP = 44;
const PAD = 16;
/** Narrowest gap between two layers, px (room for an arrow head and an edge label). */
const MIN_GAP = 56;
/** Distance between two vertical tracks in a gap, px. */
const TRACK_SPACING = 8;
/** Room between a gap's outer tracks and the boxes (an arrow head is 9 px), px. */
const TRACK_MARGIN = 14;
/** Distance between the lines of edges routed over the top, px. */
const OVER_SPACING = 8;

/**
 * Computes the layout: deterministic (the same graph gives the same positions) and synchronous;
 * 200 locations take a few milliseconds (bench/render.mjs).
 */
export function layoutGraph(graph: DeploymentGraph): GraphLayout {
  const lay = buildLayers(graph);
  const n = lay.nodeCount;
  const width = graph.nodes.map((g) => nodeWidth(shortLabel(g.kind, g.label), KIND_CAPTION[g.kind]));
  const height = lay.layerOf.map((_l, i) => (i < n ? NODE_HEIGHT : 0));
  const off = portOffsets(lay, height);
  const { predShift, succShift } = hopShifts(lay, off);
  const placed = placeItems(lay.layers, height, n, { nbrs: lay.preds, shift: predShift }, { nbrs: lay.succs, shift: succShift });

  // Edges that do not go rightwards get lines over the top; the nodes start below them.
  const overCount = lay.chains.filter((c) => !c).length;
  const over = Array.from({ length: overCount }, (_x, k) => PAD_TOP + k * OVER_SPACING);
  const y0 = PAD_TOP + (overCount ? overCount * OVER_SPACING + EDGE_NODE_GAP - OVER_SPACING : 0);
  const top = placed.map((t) => snap(t + y0));
  const plan = planRoutes(lay, top, height, off, over);

  // x: the gaps (as wide as their tracks need) and the layers (as wide as their widest node).
  const layerWidth = lay.layers.map((items) => items.reduce((w, i) => (i < n ? Math.max(w, width[i]) : w), 0));
  const gapLeft: number[] = [];
  const gapRight: number[] = [];
  const layerX: number[] = [];
  let x = PAD;
  plan.tracks.forEach((t, g) => {
    const inner = g > 0 && g < lay.layers.length;
    gapLeft.push(x);
    const tracks = t ? 2 * TRACK_MARGIN + t * TRACK_SPACING : 0;
    x += inner ? Math.max(MIN_GAP, tracks) : tracks;
    gapRight.push(x);
    if (g < lay.layers.length) {
      layerX.push(x);
      x += layerWidth[g];
    }
  });
  const nodeX = graph.nodes.map((_g, i) => layerX[lay.layerOf[i]]);
  const routes = drawRoutes(lay, plan, { nodeX, nodeWidth: width, gapLeft, gapRight, trackMargin: TRACK_MARGIN });

  const nodes: NodeBox[] = graph.nodes.map((g, i) => ({ id: g.id, x: nodeX[i], y: top[i], width: width[i], height: NODE_HEIGHT, column: COLUMN[g.kind] }));
  const edges: EdgeRoute[] = lay.edges.map((e, i) => ({ id: e.id, points: routes[i] }));
  const bottom = nodes.reduce((b, box) => Math.max(b, box.y + box.height), 0);
  return { width: Math.ceil(x + PAD), height: Math.ceil(nodes.length ? bottom + PAD : 0), nodes, edges, columns: columnBands(nodes) };
}

/** A string that changes exactly when the layout would: ids, labels, kinds, edges (not statuses or problems). */
export function layoutKey(graph: DeploymentGraph): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, n.kind, n.label, n.order]), graph.edges.map((e) => [e.from, e.to])]);
}

/** Column headings over the nodes of each column (the leftmost node's x, the widest extent). */
function columnBands(nodes: readonly NodeBox[]): ColumnBand[] {
  const bands = new Map<number, { min: number; max: number }>();
  for (const n of nodes) {
    const b = bands.get(n.column);
    if (!b) bands.set(n.column, { min: n.x, max: n.x + n.width });
    else {
      b.min = Math.min(b.min, n.x);
      b.max = Math.max(b.max, n.x + n.width);
    }
  }
  return [...bands]
    .sort((a, b) => a[0] - b[0])
    .map(([column, b]) => ({ column, title: COLUMN_TITLES[column], x: b.min, width: b.max - b.min }));
}
