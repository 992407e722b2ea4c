/**
 * The SVG of a laid-out graph: one string, the same for the webview, "Save as SVG" and
 * `deploylens graph --format svg`. Every string from a config goes through escapeXml; nothing
 * here builds markup from unescaped input. Nodes and edges carry `data-*` attributes (id, kind,
 * status, from/to) so that the webview and tests find them without parsing labels.
 */
import type { DeploymentGraph, GraphEdge, GraphNode, GraphStatus } from '../graph';
import { KIND_CAPTION, STATUS_WORD } from './columns';
import { escapeXml as x } from './escape';
import type { ColumnBand, GraphLayout, Point } from './layout';
import { displayLabel, PAD_LEFT, shortLabel } from './measure';
import { GRAPH_CSS } from './style';

/** Options of renderSvg. */
export interface SvgOptions {
  /** A file of its own: embeds the stylesheet, a background and a title (the webview loads the CSS itself, under its CSP). */
  standalone?: boolean;
  /** A try-a-URL path: these are emphasised, the rest dimmed. */
  highlight?: { nodeIds: readonly string[]; edgeIds: readonly string[] };
  /** The selected node or edge id. */
  selected?: string;
  /** The document title (standalone). */
  title?: string;
}

const GLYPH: Record<GraphStatus, string> = { ok: '✓', error: '✕', warning: '!', unknown: '?' };
const STATUSES: GraphStatus[] = ['ok', 'error', 'warning', 'unknown'];

/** Renders the graph at the positions of `layout`. */
export function renderSvg(graph: DeploymentGraph, layout: GraphLayout, options: SvgOptions = {}): string {
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(graph.edges.map((e) => [e.id, e]));
  const hlNodes = new Set(options.highlight?.nodeIds ?? []);
  const hlEdges = new Set(options.highlight?.edgeIds ?? []);
  const hasHl = hlNodes.size + hlEdges.size > 0;
  const w = Math.max(layout.width, 200);
  const h = Math.max(layout.height, 80);
  const problems = graph.nodes.reduce((a, n) => a + n.problems.length, 0) + graph.edges.reduce((a, e) => a + e.problems.length, 0);
  const summary = `Deployment topology: ${graph.nodes.length} nodes, ${graph.edges.length} connections, ${problems} problem${problems === 1 ? '' : 's'}`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="dl-graph${hasHl ? ' has-hl' : ''}" viewBox="0 0 ${w} ${h}"${options.standalone ? ` width="${w}" height="${h}"` : ''} role="group" aria-label="${x(summary)}">`,
  );
  if (options.standalone) {
    out.push(`<title>${x(options.title ?? 'DeployLens topology')}</title>`, `<desc>${x(summary)}</desc>`, `<style>${GRAPH_CSS}</style>`);
  }
  out.push('<defs>');
  for (const s of STATUSES) {
    out.push(`<marker id="dl-arrow-${s}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path class="dl-arrow st-${s}" d="M0,0L10,5L0,10z"/></marker>`);
  }
  out.push('</defs>');
  out.push('<g class="dl-viewport">');
  if (options.standalone) out.push(`<rect class="dl-bg" x="0" y="0" width="${w}" height="${h}"/>`);
  out.push('<g class="dl-columns">');
  for (const c of layout.columns) out.push(`<text class="dl-column-title" x="${c.x}" y="24">${x(c.title)}</text>`);
  out.push('</g><g class="dl-edges">');
  for (const r of layout.edges) {
    const e = edgeById.get(r.id);
    if (!e || r.points.length < 2) continue;
    out.push(edgeSvg(e, r.points, layout.columns, nodeById, hlEdges.has(e.id), options.selected === e.id));
  }
  out.push('</g><g class="dl-nodes">');
  for (const b of layout.nodes) {
    const n = nodeById.get(b.id);
    if (!n) continue;
    out.push(nodeSvg(n, b.x, b.y, b.width, b.height, hlNodes.has(n.id), options.selected === n.id, !!options.standalone));
  }
  out.push('</g></g></svg>');
  return out.join('');
}

/** What a screen reader says for a node: kind, label, status and how many problems. */
export function nodeAriaLabel(n: GraphNode): string {
  const p = n.problems.length;
  return `${KIND_CAPTION[n.kind]} ${n.label}, ${STATUS_WORD[n.status]}${p ? `, ${p} problem${p === 1 ? '' : 's'}: ${n.problems[0].message}` : ''}`;
}

/** What a screen reader says for an edge. */
export function edgeAriaLabel(e: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): string {
  const from = nodes.get(e.from)?.label ?? e.from;
  const to = nodes.get(e.to)?.label ?? e.to;
  const p = e.problems.length;
  return `${e.label ? e.label + ' ' : ''}from ${from} to ${to}, ${STATUS_WORD[e.status]}${p ? `: ${e.problems[0].message}` : ''}`;
}

function nodeSvg(n: GraphNode, bx: number, by: number, w: number, h: number, hl: boolean, selected: boolean, standalone: boolean): string {
  const cls = `dl-node st-${x(n.status)} kind-${x(n.kind)}${hl ? ' hl' : ''}${selected ? ' selected' : ''}`;
  const count = n.problems.length;
  return (
    `<g class="${cls}" data-id="${x(n.id)}" data-kind="${x(n.kind)}" data-status="${x(n.status)}" transform="translate(${bx},${by})" tabindex="0" role="button" aria-label="${x(nodeAriaLabel(n))}">` +
    (standalone ? `<title>${x(nodeTooltip(n))}</title>` : '') +
    `<rect class="dl-box" width="${w}" height="${h}" rx="5" ry="5"/>` +
    `<circle class="dl-badge" cx="13" cy="${h / 2}" r="7"/>` +
    `<text class="dl-badge-glyph" x="13" y="${h / 2 + 4}" aria-hidden="true">${GLYPH[n.status]}</text>` +
    `<text class="dl-caption" x="${PAD_LEFT}" y="14">${x(KIND_CAPTION[n.kind])}</text>` +
    `<text class="dl-label" x="${PAD_LEFT}" y="31">${x(displayLabel(shortLabel(n.kind, n.label)))}</text>` +
    (count ? `<text class="dl-count" x="${w - 6}" y="14">${count} problem${count === 1 ? '' : 's'}</text>` : '') +
    '</g>'
  );
}

function nodeTooltip(n: GraphNode): string {
  const lines = [`${KIND_CAPTION[n.kind]}: ${n.label} (${STATUS_WORD[n.status]})`, ...n.details.map(([k, v]) => `${k}: ${v}`), ...n.problems.map((p) => `${p.severity}: ${p.message}`)];
  return lines.join('\n');
}

function edgeSvg(e: GraphEdge, points: readonly Point[], bands: readonly ColumnBand[], nodes: ReadonlyMap<string, GraphNode>, hl: boolean, selected: boolean): string {
  const d = 'M' + points.map((p) => `${p.x},${p.y}`).join('L');
  const focusable = e.status !== 'ok' ? ' tabindex="0" role="button"' : '';
  const mid = e.label ? labelPoint(points, bands, e.label) : points[0];
  return (
    `<g class="dl-edge st-${x(e.status)}${hl ? ' hl' : ''}${selected ? ' selected' : ''}" data-id="${x(e.id)}" data-from="${x(e.from)}" data-to="${x(e.to)}" data-status="${x(e.status)}"${focusable} aria-label="${x(edgeAriaLabel(e, nodes))}">` +
    `<path class="dl-edge-hit" d="${d}"/>` +
    `<path class="dl-edge-line" d="${d}" marker-end="url(#dl-arrow-${x(e.status)})"/>` +
    (e.label ? `<text class="dl-edge-label" x="${mid.x}" y="${mid.y - 4}" text-anchor="middle">${x(e.label)}</text>` : '') +
    '</g>'
  );
}

/** Advance of one character of an edge label (9 px monospace). */
const LABEL_CHAR = 5.4;

/**
 * Where an edge's label goes: the middle of the longest piece of a horizontal segment that lies in a
 * gap between columns (outside every column band), so the text sits on a line and not over a box or
 * across a track; when no such piece is wide enough for the text, the middle of the longest
 * horizontal segment (a long edge crossing columns on its free line).
 */
function labelPoint(points: readonly Point[], bands: readonly ColumnBand[], text: string): Point {
  let best = -1;
  let at = points[0];
  const consider = (x1: number, x2: number, y: number) => {
    if (x2 - x1 > best) {
      best = x2 - x1;
      at = { x: Math.round((x1 + x2) / 2), y };
    }
  };
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (a.y !== b.y) continue;
    let x1 = Math.min(a.x, b.x);
    const x2 = Math.max(a.x, b.x);
    for (const c of bands) {
      if (c.x + c.width <= x1 || c.x >= x2) continue;
      if (c.x > x1) consider(x1, c.x, a.y);
      x1 = Math.max(x1, c.x + c.width);
    }
    if (x2 > x1) consider(x1, x2, a.y);
  }
  if (best < Array.from(text).length * LABEL_CHAR + 8) {
    best = -1;
    for (let i = 1; i < points.length; i++) if (points[i].y === points[i - 1].y) consider(Math.min(points[i].x, points[i - 1].x), Math.max(points[i].x, points[i - 1].x), points[i].y);
  }
  return at;
}
