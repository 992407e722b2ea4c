/**
 * Vertical placement of the layered items (nodes and the dummies of long edges). The order inside a
 * layer is given; each sweep moves a layer's items as close as it can to the mean height of their
 * neighbours in the layer just swept (least squares), keeping the order and the minimum gaps. That
 * fit is an isotonic regression, solved exactly in linear time by pooling adjacent violators, so a
 * sweep over a 1,000-location graph costs a few milliseconds and the same input gives the same output.
 */

/** Gap between two node boxes of a layer, px. */
export const NODE_GAP = 14;
/** Gap between a node box and an edge passing through its layer, px: half a NODE_GAP, so a line fits between two stacked boxes. */
export const EDGE_NODE_GAP = 7;
/** Gap between two edges passing through a layer, px. */
export const EDGE_GAP = 6;

/** How strongly an item without neighbours on the swept side keeps its place (1 for the others). */
const KEEP = 1e-3;

/** Neighbours of every item in one direction, and for each the offset that would make the piece between them level. */
export interface Pull {
  nbrs: readonly number[][];
  shift: readonly number[][];
}

/**
 * Top y of every item (0 is the top of the highest one). `firstDummy`: items from this index on are
 * dummies (height 0, gaps EDGE_*). An item is pulled to the mean of (neighbour's centre + shift).
 * Sweeps: left to right (towards predecessors), right to left (successors), left to right again, so
 * long edges leave their source straight and bend near their target.
 */
export function placeItems(layers: readonly number[][], height: readonly number[], firstDummy: number, preds: Pull, succs: Pull): number[] {
  const top = new Array<number>(height.length).fill(0);
  for (const layer of layers) fit(layer, layer.map(() => undefined), height, firstDummy, top);
  const wanted = (i: number, p: Pull): number | undefined => {
    const ns = p.nbrs[i];
    if (ns.length === 0) return undefined;
    let sum = 0;
    for (let j = 0; j < ns.length; j++) sum += top[ns[j]] + height[ns[j]] / 2 + p.shift[i][j];
    return sum / ns.length;
  };
  const pull = (l: number, p: Pull) => fit(layers[l], layers[l].map((i) => wanted(i, p)), height, firstDummy, top);
  const n = layers.length;
  for (let l = 1; l < n; l++) pull(l, preds);
  for (let l = n - 2; l >= 0; l--) pull(l, succs);
  for (let l = 1; l < n; l++) pull(l, preds);
  const min = top.reduce((m, t) => Math.min(m, t), Infinity);
  return top.map((t) => t - (Number.isFinite(min) ? min : 0));
}

/**
 * Moves a layer's items (top to bottom) to the tops closest, in the least-squares sense, to centring
 * each on its wanted y, subject to the order and gaps. With `offset[i]` the stacked distance of item
 * i from the first one, u = top - offset must be non-decreasing: an isotonic regression.
 */
function fit(layer: readonly number[], want: ReadonlyArray<number | undefined>, height: readonly number[], firstDummy: number, top: number[]): void {
  const n = layer.length;
  const offset = new Array<number>(n);
  let acc = 0;
  for (let k = 0; k < n; k++) {
    offset[k] = acc;
    if (k + 1 < n) acc += height[layer[k]] + gap(layer[k] >= firstDummy, layer[k + 1] >= firstDummy);
  }
  // Blocks of pooled items: their first index, total weight and weighted sum of targets.
  const start: number[] = [];
  const w: number[] = [];
  const wu: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = layer[k];
    const wanted = want[k];
    const weight = wanted === undefined ? KEEP : 1;
    const target = (wanted ?? top[i] + height[i] / 2) - height[i] / 2 - offset[k];
    start.push(k);
    w.push(weight);
    wu.push(weight * target);
    while (w.length > 1 && wu[wu.length - 2] / w[w.length - 2] > wu[wu.length - 1] / w[w.length - 1]) {
      const [lw, lwu] = [w.pop()!, wu.pop()!];
      start.pop();
      w[w.length - 1] += lw;
      wu[wu.length - 1] += lwu;
    }
  }
  for (let b = 0; b < start.length; b++) {
    const u = wu[b] / w[b];
    const end = b + 1 < start.length ? start[b + 1] : n;
    for (let k = start[b]; k < end; k++) top[layer[k]] = u + offset[k];
  }
}

function gap(aDummy: boolean, bDummy: boolean): number {
  return aDummy && bDummy ? EDGE_GAP : aDummy || bDummy ? EDGE_NODE_GAP : NODE_GAP;
}
