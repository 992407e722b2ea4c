/**
 * The topology renderer: layout (our own layered one) and SVG/DOT/Mermaid output of a DeploymentGraph. Pure and
 * DOM-free, so the CLI, the extension host and the webview draw the same picture.
 */
export { layoutGraph, layoutKey, type GraphLayout, type NodeBox, type EdgeRoute, type ColumnBand, type Point } from './layout';
export { renderSvg, nodeAriaLabel, edgeAriaLabel, type SvgOptions } from './svg';
export { toDot, toMermaid } from './text';
export { escapeXml, escapeDot, escapeMermaid } from './escape';
export { GRAPH_CSS } from './style';
export { neighbour, type Direction } from './navigate';
export { COLUMN, COLUMN_TITLES, KIND_CAPTION, STATUS_WORD } from './columns';

import type { DeploymentGraph } from '../graph';
import { layoutGraph } from './layout';
import { renderSvg, type SvgOptions } from './svg';

/**
 * Layout and SVG in one call (CLI, "Save as SVG"): a standalone file by default. The layout is
 * synchronous; the promise stays so that callers written for the former asynchronous one keep working.
 */
export async function graphToSvg(graph: DeploymentGraph, options: SvgOptions = { standalone: true }): Promise<string> {
  return renderSvg(graph, layoutGraph(graph), options);
}
