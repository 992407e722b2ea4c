/**
 * Keyboard navigation between nodes: Up/Down move inside a column, Right/Left follow the
 * connections (to the nearest successor/predecessor), falling back to the nearest node of the next
 * column when a node has none. Pure, over the layout, so it is tested without a browser.
 */
import type { DeploymentGraph } from '../graph';
import type { GraphLayout, NodeBox } from './layout';

/** A direction of an arrow key. */
export type Direction = 'up' | 'down' | 'left' | 'right';

/** The node to move to from `fromId`, or undefined at an edge of the picture. Without `fromId`: the first node. */
export function neighbour(graph: DeploymentGraph, layout: GraphLayout, fromId: string | undefined, dir: Direction): string | undefined {
  const boxes = new Map(layout.nodes.map((b) => [b.id, b]));
  const from = fromId ? boxes.get(fromId) : undefined;
  if (!from) return [...layout.nodes].sort((a, b) => a.column - b.column || a.y - b.y)[0]?.id;
  const cy = (b: NodeBox) => b.y + b.height / 2;
  const nearest = (cands: NodeBox[]) => cands.sort((a, b) => Math.abs(cy(a) - cy(from)) - Math.abs(cy(b) - cy(from)) || a.x - b.x)[0]?.id;
  if (dir === 'up' || dir === 'down') {
    const same = layout.nodes.filter((b) => b.column === from.column && b.id !== from.id && (dir === 'up' ? cy(b) < cy(from) : cy(b) > cy(from)));
    return same.sort((a, b) => (dir === 'up' ? cy(b) - cy(a) : cy(a) - cy(b)) || Math.abs(a.x - from.x) - Math.abs(b.x - from.x))[0]?.id;
  }
  const linked = graph.edges
    .filter((e) => (dir === 'right' ? e.from === from.id : e.to === from.id))
    .map((e) => boxes.get(dir === 'right' ? e.to : e.from))
    .filter((b): b is NodeBox => !!b && b.id !== from.id);
  if (linked.length > 0) return nearest(linked);
  const cols = [...new Set(layout.nodes.map((b) => b.column))].filter((c) => (dir === 'right' ? c > from.column : c < from.column)).sort((a, b) => (dir === 'right' ? a - b : b - a));
  if (cols.length === 0) return undefined;
  return nearest(layout.nodes.filter((b) => b.column === cols[0]));
}
