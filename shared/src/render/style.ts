/**
 * The stylesheet of the topology SVG. Colours come from VS Code's theme variables (the testing and
 * charts colours), each with a fallback so that an exported file looks right outside the editor.
 * Status is never colour alone: a glyph in the badge, and dashes on broken edges.
 */

/** CSS for `.dl-graph` (the webview loads it with a nonce; standalone SVGs embed it). */
export const GRAPH_CSS = `
.dl-graph {
  --dl-ok: var(--vscode-testing-iconPassed, var(--vscode-charts-green, #388a34));
  --dl-error: var(--vscode-testing-iconFailed, var(--vscode-charts-red, #e51400));
  --dl-warning: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground, #bf8803));
  --dl-unknown: var(--vscode-disabledForeground, var(--vscode-charts-foreground, #8b8b8b));
  --dl-fg: var(--vscode-editor-foreground, #333333);
  --dl-muted: var(--vscode-descriptionForeground, #717171);
  --dl-bg: var(--vscode-editor-background, #ffffff);
  --dl-node-bg: var(--vscode-editorWidget-background, #f3f3f3);
  --dl-focus: var(--vscode-focusBorder, #0078d4);
  font-family: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace);
}
.dl-graph .dl-bg { fill: var(--dl-bg); }
.dl-graph .dl-column-title { fill: var(--dl-muted); font-size: 11px; font-weight: 600; }
.dl-graph .dl-node rect.dl-box { fill: var(--dl-node-bg); stroke-width: 1.5px; }
.dl-graph .dl-node .dl-caption { fill: var(--dl-muted); font-size: 10px; }
.dl-graph .dl-node .dl-label { fill: var(--dl-fg); font-size: 12px; }
.dl-graph .dl-badge-glyph { fill: var(--dl-bg); font-size: 11px; font-weight: 700; text-anchor: middle; }
.dl-graph .dl-count { fill: var(--dl-error); font-size: 10px; font-weight: 700; text-anchor: end; }
.dl-graph .st-ok rect.dl-box { stroke: var(--dl-ok); }
.dl-graph .st-error rect.dl-box { stroke: var(--dl-error); stroke-width: 2.5px; }
.dl-graph .st-warning rect.dl-box { stroke: var(--dl-warning); stroke-width: 2px; }
.dl-graph .st-unknown rect.dl-box { stroke: var(--dl-unknown); stroke-dasharray: 4 3; }
.dl-graph .st-ok .dl-badge { fill: var(--dl-ok); }
.dl-graph .st-error .dl-badge { fill: var(--dl-error); }
.dl-graph .st-warning .dl-badge { fill: var(--dl-warning); }
.dl-graph .st-unknown .dl-badge { fill: var(--dl-unknown); }
.dl-graph .dl-edge-line { fill: none; stroke-width: 1.5px; }
.dl-graph .dl-edge-hit { fill: none; stroke: transparent; stroke-width: 12px; pointer-events: stroke; }
.dl-graph .dl-edge.st-ok .dl-edge-line { stroke: var(--dl-ok); }
.dl-graph .dl-edge.st-error .dl-edge-line { stroke: var(--dl-error); stroke-width: 2.5px; stroke-dasharray: 7 3; }
.dl-graph .dl-edge.st-warning .dl-edge-line { stroke: var(--dl-warning); stroke-width: 2px; stroke-dasharray: 3 2; }
.dl-graph .dl-edge.st-unknown .dl-edge-line { stroke: var(--dl-unknown); stroke-dasharray: 2 3; }
.dl-graph .dl-arrow.st-ok { fill: var(--dl-ok); }
.dl-graph .dl-arrow.st-error { fill: var(--dl-error); }
.dl-graph .dl-arrow.st-warning { fill: var(--dl-warning); }
.dl-graph .dl-arrow.st-unknown { fill: var(--dl-unknown); }
.dl-graph .dl-edge-label { fill: var(--dl-muted); font-size: 9px; paint-order: stroke; stroke: var(--dl-bg); stroke-width: 3px; }
.dl-graph .dl-node, .dl-graph .dl-edge { cursor: pointer; }
.dl-graph .dl-node:focus, .dl-graph .dl-edge:focus { outline: none; }
.dl-graph .dl-node:focus rect.dl-box, .dl-graph .dl-node.selected rect.dl-box { stroke: var(--dl-focus); stroke-width: 3px; }
.dl-graph .dl-edge:focus .dl-edge-line, .dl-graph .dl-edge.selected .dl-edge-line { stroke-width: 4px; }
.dl-graph.has-hl .dl-node:not(.hl), .dl-graph.has-hl .dl-edge:not(.hl) { opacity: 0.28; }
.dl-graph .dl-node.hl rect.dl-box { stroke-width: 3.5px; }
.dl-graph .dl-edge.hl .dl-edge-line { stroke-width: 4px; }
`;
