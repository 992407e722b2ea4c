/**
 * The topology panel's HTML: a strict Content-Security-Policy (nothing but the bundled script with
 * a nonce and the nonce'd stylesheet; no remote origin, no inline handler), the page skeleton
 * the script fills, and the stylesheet (page chrome plus the graph's, from the shared renderer).
 * Pure (no vscode import), so the CSP is unit-tested.
 */
import { GRAPH_CSS } from '../../../shared/src/render/style';
import { PAGE_CSS } from './pageCss';

/** What the HTML needs from the webview. */
export interface HtmlInputs {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`, as a string. */
  scriptUri: string;
}

/** The Content-Security-Policy of the panel. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
}

/** A nonce: 32 characters from [A-Za-z0-9], from a cryptographic source. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => chars[b % chars.length]).join('');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The whole document. */
export function previewHtml(i: HtmlInputs): string {
  const nonce = attr(i.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(i.cspSource, i.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>DeployLens Topology</title>
<style nonce="${nonce}">${PAGE_CSS}${GRAPH_CSS}</style>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Topology">
  <span id="folder" class="folder"></span>
  <span id="summary" class="summary" role="status"></span>
  <form id="try" class="try" role="search" aria-label="Try a URL">
    <label for="url">Try a URL</label>
    <input id="url" type="text" list="url-suggestions" spellcheck="false" autocomplete="off" placeholder="https://example.com/static/css/site.css">
    <datalist id="url-suggestions"></datalist>
    <button id="go" type="submit">Route</button>
    <button id="clear" type="button" title="Clear the highlighted path (Escape)">Clear</button>
  </form>
  <button id="urls" type="button" aria-expanded="false" aria-controls="url-list">App URLs</button>
  <span class="zoom" role="group" aria-label="Zoom">
    <button id="zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">&#8722;</button>
    <button id="zoom-fit" type="button" title="Fit (0)" aria-label="Fit to window">Fit</button>
    <button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
  </span>
  <button id="copy-svg" type="button" title="Copy the picture as SVG">Copy SVG</button>
  <button id="save-svg" type="button" title="Save the picture as an SVG file">Save SVG</button>
</header>
<main class="layout">
  <div id="canvas" class="canvas" aria-label="Deployment topology. Tab or arrow keys move between nodes, Enter opens the source."></div>
  <aside id="side" class="side" hidden>
    <section id="route" class="route" aria-live="polite"></section>
    <section id="url-list" class="url-list" hidden></section>
  </aside>
</main>
<div id="card" class="card" role="tooltip" hidden></div>
<div id="announce" class="sr-only" aria-live="polite"></div>
<script nonce="${nonce}" src="${attr(i.scriptUri)}"></script>
</body>
</html>`;
}
