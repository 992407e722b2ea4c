/**
 * The panel's own chrome (toolbar, side panel, hover card), in VS Code's theme variables. The
 * graph's stylesheet comes from the shared renderer (shared/src/render/style.ts).
 */

/** Stylesheet of the panel page. */
export const PAGE_CSS = `
html, body { height: 100%; margin: 0; padding: 0; }
body { display: flex; flex-direction: column; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); overflow: hidden; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.toolbar .folder { font-weight: 600; }
.toolbar .summary { color: var(--vscode-descriptionForeground); }
.toolbar .try { display: flex; align-items: center; gap: 4px; flex: 1 1 320px; }
.toolbar .try input { flex: 1; min-width: 160px; }
input { color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; font-family: var(--vscode-editor-font-family); }
input:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
button { color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); background: var(--vscode-button-secondaryBackground, var(--vscode-button-background)); border: none; padding: 3px 9px; cursor: pointer; font-family: inherit; }
button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
button[type=submit] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.layout { flex: 1; display: flex; min-height: 0; }
.canvas { flex: 1; overflow: hidden; position: relative; cursor: grab; touch-action: none; }
.canvas.panning { cursor: grabbing; }
.canvas > svg { position: absolute; left: 0; top: 0; overflow: visible; transform-origin: 0 0; }
.canvas .empty { padding: 20px; color: var(--vscode-descriptionForeground); }
.side { width: min(36%, 420px); overflow: auto; overflow-wrap: anywhere; border-left: 1px solid var(--vscode-panel-border, transparent); padding: 8px 10px; }
.side h2 { font-size: 1em; margin: 6px 0; }
.side ol { padding-left: 20px; margin: 4px 0; }
.side li { margin: 3px 0; }
.side a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
.side a:hover { text-decoration: underline; }
.outcome { display: inline-block; white-space: nowrap; padding: 0 6px; border-radius: 8px; font-size: 0.85em; color: var(--vscode-editor-background); }
.outcome.nginx-disk, .outcome.static { background: var(--vscode-testing-iconPassed, #388a34); }
.outcome.app, .outcome.proxy { background: var(--vscode-charts-blue, #1a85ff); }
.outcome.not-found, .outcome.error, .outcome.rejected, .outcome.no-listener { background: var(--vscode-testing-iconFailed, #e51400); }
.outcome.other, .outcome.return, .outcome.redirect, .outcome.not-modelled { background: var(--vscode-disabledForeground, #8b8b8b); }
.url-list table { border-collapse: collapse; width: 100%; }
.url-list td { padding: 2px 4px; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.url-list td.path { font-family: var(--vscode-editor-font-family); word-break: break-all; }
.url-list tr { cursor: pointer; }
.url-list tr:hover, .url-list tr:focus { background: var(--vscode-list-hoverBackground); outline: none; }
.card { position: fixed; z-index: 10; max-width: 440px; padding: 8px 10px; color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground)); background: var(--vscode-editorHoverWidget-background, var(--vscode-editor-background)); border: 1px solid var(--vscode-editorHoverWidget-border, var(--vscode-panel-border)); box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0,0,0,.3)); font-size: 0.95em; }
.card h3 { margin: 0 0 4px; font-size: 1em; word-break: break-all; }
.card .status { font-size: 0.85em; color: var(--vscode-descriptionForeground); }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 8px; margin: 6px 0; }
.card dt { color: var(--vscode-descriptionForeground); }
.card dd { margin: 0; font-family: var(--vscode-editor-font-family); word-break: break-all; }
.card .problem { margin: 6px 0 2px; }
.card .problem.error { color: var(--vscode-errorForeground); }
.card .fixes { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 3px; }
.card a { color: var(--vscode-textLink-foreground); }
.card .hint { margin-top: 6px; font-size: 0.85em; color: var(--vscode-descriptionForeground); }
.canvas.zoomed-out .dl-caption, .canvas.zoomed-out .dl-edge-label, .canvas.zoomed-out .dl-count { display: none; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
