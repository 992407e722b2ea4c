/**
 * Layout of the deployment graph with ELK's layered algorithm (elkjs; the same bundle runs in node
 * and in the webview). The columns are fixed by kind (COLUMN) and the order inside a column is
 * ours: locations in nginx's matching order, every later column by the barycenter of its
 * predecessors. ELK is told both through its "interactive" strategies (layers from x, order from
 * y), which keeps the picture stable while the user types and skips ELK's costly crossing search;
 * ELK places the nodes and routes the edges between fixed-side ports (in on the left, out on the right).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { DeploymentGraph, GraphNode } from '../graph';
import { COLUMN, COLUMN_TITLES, KIND_CAPTION } from './columns';
import { NODE_HEIGHT, nodeWidth, shortLabel } from './measure';

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

/** Horizontal distance between column slots given to ELK's interactive layering (wider than any node). */
const SLOT = 2000;
/** Offset of a nested location per nesting level, inside its column's slot. */
const NEST = 500;

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.layering.strategy': 'INTERACTIVE',
  'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
  'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
  // Brandes-Koepf straightens the long edges; one balanced pass, no post-compaction and no
  // bend-point cleanup keep a 200-location graph near 100 ms of CPU (bench/render.mjs).
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.thoroughness': '1',
  'elk.layered.compaction.postCompaction.strategy': 'NONE',
  'elk.layered.unnecessaryBendpoints': 'false',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': '14',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '10',
  'elk.padding': '[top=44,left=16,bottom=16,right=16]',
};

let elk: InstanceType<typeof ELK> | undefined;

/** Computes the layout. Deterministic: the same graph gives the same positions. */
export async function layoutGraph(graph: DeploymentGraph): Promise<GraphLayout> {
  const known = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  const depth = nestingDepth(graph.nodes, edges);
  const rank = orderKeys(graph.nodes, edges, depth);
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));

  const children: ElkNode[] = graph.nodes.map((n, i) => ({
    id: `n${i}`,
    x: COLUMN[n.kind] * SLOT + (depth.get(n.id) ?? 0) * NEST,
    y: rank.get(n.id)! * 100,
    width: nodeWidth(shortLabel(n.kind, n.label), KIND_CAPTION[n.kind]),
    height: NODE_HEIGHT,
    layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE', 'elk.alignment': 'LEFT' },
    ports: [
      { id: `n${i}.in`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
      { id: `n${i}.out`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
    ],
  }));
  const elkEdges: ElkExtendedEdge[] = edges.map((e, i) => ({ id: `e${i}`, sources: [`n${index.get(e.from)}.out`], targets: [`n${index.get(e.to)}.in`] }));

  elk ??= new ELK();
  const root: ElkNode = { id: 'root', layoutOptions: ROOT_OPTIONS, children, edges: elkEdges };
  const out: ElkNode = await elk.layout(root);

  const nodes: NodeBox[] = (out.children ?? []).map((c, i) => ({
    id: graph.nodes[i].id,
    x: round(c.x ?? 0),
    y: round(c.y ?? 0),
    width: c.width ?? 0,
    height: c.height ?? NODE_HEIGHT,
    column: COLUMN[graph.nodes[i].kind],
  }));
  const routes: EdgeRoute[] = ((out.edges ?? []) as ElkExtendedEdge[]).map((e, i) => {
    const s = e.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
    return { id: edges[i].id, points: points.map((p) => ({ x: round(p.x), y: round(p.y) })) };
  });
  return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), nodes, edges: routes, columns: columnBands(nodes) };
}

/** A string that changes exactly when the layout would: ids, labels, kinds, edges (not statuses or problems). */
export function layoutKey(graph: DeploymentGraph): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, n.kind, n.label, n.order]), graph.edges.map((e) => [e.from, e.to])]);
}

/** Nesting depth of locations inside locations (0 for top-level ones and every other kind). */
function nestingDepth(nodes: readonly GraphNode[], edges: ReadonlyArray<{ from: string; to: string }>): Map<string, number> {
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  const parent = new Map<string, string>();
  for (const e of edges) if (kind.get(e.from) === 'location' && kind.get(e.to) === 'location') parent.set(e.to, e.from);
  const depth = new Map<string, number>();
  const of = (id: string, guard = 0): number => {
    const p = parent.get(id);
    if (!p || guard > 50) return 0;
    return of(p, guard + 1) + 1;
  };
  for (const id of parent.keys()) depth.set(id, of(id));
  return depth;
}

/**
 * The order of nodes inside each column: the client, listens, servers and locations keep the graph's
 * order (nginx's matching order for locations); each later column sorts by the mean rank of its
 * predecessors, so a socket sits level with the locations that proxy to it.
 */
function orderKeys(nodes: readonly GraphNode[], edges: ReadonlyArray<{ from: string; to: string }>, depth: Map<string, number>): Map<string, number> {
  const key = new Map<string, number>();
  const preds = new Map<string, string[]>();
  for (const e of edges) (preds.get(e.to) ?? preds.set(e.to, []).get(e.to)!).push(e.from);
  const groups = new Map<number, GraphNode[]>();
  for (const n of nodes) {
    const g = COLUMN[n.kind] * 100 + (depth.get(n.id) ?? 0);
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(n);
  }
  const mean = (n: GraphNode): number => {
    const ranks = (preds.get(n.id) ?? []).map((p) => key.get(p)).filter((r): r is number => r !== undefined);
    return ranks.length ? ranks.reduce((a, b) => a + b, 0) / ranks.length : Number.MAX_SAFE_INTEGER;
  };
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const byGraphOrder = g < (COLUMN.location + 1) * 100;
    const sorted = groups
      .get(g)!
      .map((n, i) => ({ n, i, s: byGraphOrder ? n.order : mean(n) }))
      .sort((a, b) => a.s - b.s || a.n.order - b.n.order || a.i - b.i);
    sorted.forEach(({ n }, rank) => key.set(n.id, rank));
  }
  return key;
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

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
