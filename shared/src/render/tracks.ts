/**
 * Vertical tracks in the gap between two layers. Every piece of an edge that changes height in a gap
 * runs down a vertical line there; pieces that share an end port (a fan-out or fan-in "bus") form one
 * net and share a line, other nets get their own line where their spans overlap and may share one
 * where they do not (the channel-routing left-edge idea). Which net goes left of which is chosen to
 * limit crossings: for every overlapping pair the cheaper side becomes a preference, and the
 * preferences are turned into one order by the Eades-Lin-Smyth feedback-arc-set heuristic (the same
 * scheme as ELK's orthogonal edge router). Deterministic for a given input.
 */

/** A net: the heights where it meets the gap's left side (sources) and right side (targets). */
export interface Net {
  left: readonly number[];
  right: readonly number[];
  /** One half of a piece split in two (see clashes): the first half goes left of the second. */
  split?: { id: number; half: 0 | 1 };
}

/** Heights closer than this are the same height. */
export const SAME_Y = 0.01;
/** Nets whose spans come closer than this (px) may not share a track: their ends would touch. */
const CLEARANCE = 4;
/** The cost of two pieces drawn on top of each other, against one crossing. */
const ON_TOP = 1000;

/** Tracks of a gap's nets, and the pairs still drawn on top of each other in the chosen order. */
export interface TrackResult {
  /** Per net: 0 = leftmost, -1 for a net that stays level and needs none. */
  track: number[];
  count: number;
  /**
   * Pairs [left, right] (net indices) where a piece of the left net to the right side runs at the
   * height of a piece of the right net from the left side: on top of each other between their lines.
   * No order avoids that when such preferences form a cycle (two edges crossing with swapped
   * heights, or three in a ring); splitting a net in two halves (Net.split) breaks the cycle.
   */
  clashing: Array<[number, number]>;
}

/** The track of every net and the count (see TrackResult). */
export function assignTracks(nets: readonly Net[]): TrackResult {
  const track = nets.map(() => -1);
  const lo = nets.map((n) => Math.min(...n.left, ...n.right));
  const hi = nets.map((n) => Math.max(...n.left, ...n.right));
  const ids = nets
    .map((_n, i) => i)
    .filter((i) => hi[i] - lo[i] > SAME_Y)
    .sort((a, b) => lo[a] - lo[b] || hi[a] - hi[b] || a - b);
  if (ids.length === 0) return { track, count: 0, clashing: [] };
  const left = nets.map((n) => [...n.left].sort((a, b) => a - b));
  const right = nets.map((n) => [...n.right].sort((a, b) => a - b));

  // Overlapping pairs (by position in ids), and the preference between them.
  const k = ids.length;
  const overlaps: number[][] = ids.map(() => []);
  const outW: Array<Map<number, number>> = ids.map(() => new Map());
  const inW: Array<Map<number, number>> = ids.map(() => new Map());
  for (let a = 0; a < k; a++) {
    const na = ids[a];
    for (let b = a + 1; b < k && lo[ids[b]] < hi[na] + CLEARANCE; b++) {
      const nb = ids[b];
      overlaps[a].push(b);
      overlaps[b].push(a);
      const [sa, sb] = [nets[na].split, nets[nb].split];
      if (sa && sb && sa.id === sb.id) {
        if (sa.half === 0) prefer(a, b, ON_TOP);
        else prefer(b, a, ON_TOP);
        continue;
      }
      // a left of b: a's pieces to the right side cross b's line, b's pieces from the left side cross
      // a's, and at a height where both have one they would run on top of each other between the lines.
      const ab = inside(right[na], lo[nb], hi[nb]) + inside(left[nb], lo[na], hi[na]) + ON_TOP * common(right[na], left[nb]);
      const ba = inside(right[nb], lo[na], hi[na]) + inside(left[na], lo[nb], hi[nb]) + ON_TOP * common(right[nb], left[na]);
      if (ab < ba) prefer(a, b, ba - ab);
      else if (ba < ab) prefer(b, a, ab - ba);
    }
  }
  function prefer(x: number, y: number, w: number): void {
    outW[x].set(y, w);
    inW[y].set(x, w);
  }

  const order = feedbackOrder(k, outW, inW);
  const place = new Array<number>(k);
  order.forEach((a, p) => (place[a] = p));
  let count = 0;
  const clashing: Array<[number, number]> = [];
  for (const a of order) {
    let t = 0;
    for (const b of overlaps[a]) {
      if (place[b] >= place[a]) continue;
      t = Math.max(t, track[ids[b]] + 1);
      const same = nets[ids[a]].split && nets[ids[b]].split?.id === nets[ids[a]].split!.id;
      if (!same && common(right[ids[b]], left[ids[a]])) clashing.push([ids[b], ids[a]]);
    }
    track[ids[a]] = t;
    count = Math.max(count, t + 1);
  }
  return { track, count, clashing };
}

/** How many heights of sorted `a` also occur in sorted `b` (counted over the shorter one). */
function common(a: readonly number[], b: readonly number[]): number {
  if (a.length > b.length) [a, b] = [b, a];
  let n = 0;
  for (const y of a) {
    const i = lowerBound(b, y - SAME_Y);
    if (i < b.length && b[i] <= y + SAME_Y) n++;
  }
  return n;
}

/** How many of the sorted heights lie strictly inside (lo, hi). */
function inside(sorted: readonly number[], lo: number, hi: number): number {
  return lowerBound(sorted, hi - SAME_Y) - lowerBound(sorted, lo + SAME_Y + Number.EPSILON);
}

function lowerBound(sorted: readonly number[], v: number): number {
  let [a, b] = [0, sorted.length];
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m] < v) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * A linear order of the nets that breaks few weighted preferences (Eades, Lin and Smyth 1993):
 * sinks go to the end, sources to the front, otherwise the net with the largest surplus of outgoing
 * weight goes to the front. Nets without preferences keep their given order.
 */
function feedbackOrder(k: number, outW: ReadonlyArray<Map<number, number>>, inW: ReadonlyArray<Map<number, number>>): number[] {
  const out = outW.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const inn = inW.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const alive = new Array<boolean>(k).fill(true);
  const front: number[] = [];
  const back: number[][] = [];
  let left = k;
  const remove = (v: number) => {
    alive[v] = false;
    left--;
    for (const [u, w] of inW[v]) if (alive[u]) out[u] -= w;
    for (const [u, w] of outW[v]) if (alive[u]) inn[u] -= w;
  };
  // Nets without any preference first, in their given order: they may go anywhere.
  for (let v = 0; v < k; v++) {
    if (outW[v].size === 0 && inW[v].size === 0) {
      front.push(v);
      remove(v);
    }
  }
  while (left > 0) {
    let changed = true;
    while (changed) {
      changed = false;
      const sinks = [];
      for (let v = 0; v < k; v++) if (alive[v] && out[v] <= 0) sinks.push(v);
      if (sinks.length) {
        back.push(sinks);
        sinks.forEach(remove);
        changed = true;
      }
      const sources = [];
      for (let v = 0; v < k; v++) if (alive[v] && inn[v] <= 0) sources.push(v);
      if (sources.length) {
        front.push(...sources);
        sources.forEach(remove);
        changed = true;
      }
    }
    if (left === 0) break;
    let best = -1;
    for (let v = 0; v < k; v++) if (alive[v] && (best < 0 || out[v] - inn[v] > out[best] - inn[best])) best = v;
    front.push(best);
    remove(best);
  }
  return [...front, ...back.reverse().flat()];
}
