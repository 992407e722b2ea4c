/**
 * The graph as text for other tools: Graphviz DOT and Mermaid, from the same graph as the SVG
 * (a user can put the picture in their docs). Columns become ranks (DOT) / left-to-right flow
 * (Mermaid); status is a colour and a word in the label, so it survives black-and-white printing.
 */
import type { DeploymentGraph, GraphStatus } from '../graph';
import { COLUMN, KIND_CAPTION } from './columns';
import { escapeDot, escapeMermaid } from './escape';

const COLOUR: Record<GraphStatus, string> = { ok: '#388a34', error: '#e51400', warning: '#bf8803', unknown: '#8b8b8b' };
const MARK: Record<GraphStatus, string> = { ok: '', error: ' [broken]', warning: ' [warning]', unknown: ' [not modelled]' };

/** Graphviz DOT (`dot -Tsvg`). */
export function toDot(graph: DeploymentGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['digraph deployment {', '  rankdir=LR;', '  node [shape=box, style="rounded", fontname="monospace", fontsize=11];', '  edge [fontname="monospace", fontsize=9];'];
  const columns = new Map<number, string[]>();
  for (const n of graph.nodes) {
    const label = `${KIND_CAPTION[n.kind]}\n${n.label}${MARK[n.status]}`;
    lines.push(`  ${ids.get(n.id)} [label="${escapeDot(label)}", color="${COLOUR[n.status]}", id="${escapeDot(n.id)}"];`);
    const c = COLUMN[n.kind];
    (columns.get(c) ?? columns.set(c, []).get(c)!).push(ids.get(n.id)!);
  }
  for (const [, members] of [...columns].sort((a, b) => a[0] - b[0])) lines.push(`  { rank=same; ${members.join('; ')}; }`);
  for (const e of graph.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    const attrs = [`color="${COLOUR[e.status]}"`, ...(e.status === 'error' ? ['style=dashed', 'penwidth=2'] : [])];
    const label = (e.label ?? '') + MARK[e.status];
    if (label) attrs.push(`label="${escapeDot(label.trim())}"`);
    lines.push(`  ${from} -> ${to} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A Mermaid flowchart (renders in GitHub/GitLab markdown). */
export function toMermaid(graph: DeploymentGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${ids.get(n.id)}["${escapeMermaid(`${KIND_CAPTION[n.kind]}: ${n.label}${MARK[n.status]}`)}"]`);
  const linkStyles: string[] = [];
  let k = 0;
  for (const e of graph.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    const label = ((e.label ?? '') + MARK[e.status]).trim();
    lines.push(`  ${from} ${e.status === 'error' ? '-.->' : '-->'}${label ? `|"${escapeMermaid(label)}"|` : ''} ${to}`);
    if (e.status !== 'ok') linkStyles.push(`  linkStyle ${k} stroke:${COLOUR[e.status]},stroke-width:2px`);
    k++;
  }
  for (const s of ['ok', 'error', 'warning', 'unknown'] as const) {
    const members = graph.nodes.filter((n) => n.status === s).map((n) => ids.get(n.id));
    if (members.length === 0) continue;
    lines.push(`  classDef st_${s} stroke:${COLOUR[s]},stroke-width:2px`);
    lines.push(`  class ${members.join(',')} st_${s}`);
  }
  lines.push(...linkStyles);
  return lines.join('\n') + '\n';
}
