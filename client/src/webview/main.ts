/**
 * The topology webview: a renderer. It receives the graph the server computed (typed messages,
 * shared/src/render/messages.ts), lays it out with the shared layered layout, draws the shared SVG,
 * and sends back what the user does (reveal a source, apply a quick fix, try a URL). Its state
 * (zoom, pan, selection, the URL tried) is kept with setState, so a reload restores it.
 */
import type { AppUrl, DeploymentGraph, GraphEdge, GraphNode, GraphRoute } from '../../../shared/src/graph';
import { layoutGraph, layoutKey, type GraphLayout } from '../../../shared/src/render/layout';
import type { FromWebview, PreviewState, ToWebview } from '../../../shared/src/render/messages';
import { renderSvg } from '../../../shared/src/render/svg';
import { createCanvas } from './canvas';
import { createCard } from './card';
import { byId, h } from './dom';
import { showRoute, showUrls } from './side';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PreviewState = { zoom: 1, panX: 0, panY: 0, ...vscode.getState() };
const save = (patch: Partial<PreviewState>) => {
  state = { ...state, ...patch };
  vscode.setState(state);
};
const post = (m: FromWebview) => vscode.postMessage(m);

let graph: DeploymentGraph | undefined;
let version = -1;
let folderUri: string | undefined;
let route: GraphRoute | undefined;
let urls: AppUrl[] | undefined;
let layoutCache: { key: string; layout: GraphLayout } | undefined;
let firstDraw = true;

const side = byId('side');
const routeEl = byId('route');
const urlList = byId('url-list');
const urlInput = byId<HTMLInputElement>('url');
const card = createCard(byId('card'), {
  reveal: (source) => post({ type: 'reveal', source }),
  fix: (source, code, title) => {
    card.hide(true);
    post({ type: 'quickFix', source, code, title });
  },
});
const canvas = createCanvas(
  byId('canvas'),
  {
    activate(id) {
      const item = find(id);
      if (item?.source) post({ type: 'reveal', source: item.source });
    },
    selected: (id) => save({ selected: id }),
    viewChanged: (v) => save(v),
    hover(id, anchor) {
      const item = id ? find(id) : undefined;
      if (item && graph) card.show(item, new Map(graph.nodes.map((n) => [n.id, n])), anchor);
      else card.hide();
    },
    escape() {
      card.hide(true);
      setRoute(undefined);
    },
  },
  state,
  state.selected,
);

function find(id: string): GraphNode | GraphEdge | undefined {
  return graph?.nodes.find((n) => n.id === id) ?? graph?.edges.find((e) => e.id === id);
}

function setRoute(r: GraphRoute | undefined): void {
  route = r;
  canvas.highlight(r?.ok ? r : undefined);
  if (r) {
    showRoute(routeEl, r, (source) => post({ type: 'reveal', source }));
    routeEl.hidden = false;
    byId('announce').textContent = r.summary;
  } else {
    routeEl.replaceChildren();
    routeEl.hidden = true;
  }
  side.hidden = routeEl.hidden && urlList.hidden;
}

/**
 * Draws a graph. Synchronous (the layout takes milliseconds), so messages are drawn one at a time in
 * their order and no newer graph can arrive halfway through.
 */
function draw(next: Extract<ToWebview, { type: 'graph' }>): void {
  try {
    const t0 = performance.now();
    const key = layoutKey(next.graph);
    // While the user types, statuses change far more often than the structure: reuse the layout.
    const laidOut = layoutCache?.key !== key;
    const layout = layoutCache && !laidOut ? layoutCache.layout : layoutGraph(next.graph);
    layoutCache = { key, layout };
    const t1 = performance.now();
    const folderChanged = folderUri !== undefined && folderUri !== next.folderUri;
    // A card describes the previous analysis (a fixed edge would still offer its fix): hover again.
    if (next.version !== version) card.hide(true);
    graph = next.graph;
    version = next.version;
    folderUri = next.folderUri;
    byId('folder').textContent = next.folderName;
    byId('summary').textContent = summary(next.graph);
    canvas.draw(next.graph, layout);
    if (route && !folderChanged) canvas.highlight(route.ok ? route : undefined);
    if (firstDraw || folderChanged) {
      // A restored panel keeps its view; a new one (or another folder) starts fitted.
      if (firstDraw && state.folderUri === next.folderUri && vscode.getState()) canvas.setView(state);
      else canvas.fit();
      if (state.selected) canvas.select(state.selected);
      firstDraw = false;
    }
    save({ folderUri: next.folderUri });
    post({ type: 'rendered', version: next.version, nodes: next.graph.nodes.length, ms: performance.now() - t0, layoutMs: t1 - t0, laidOut });
  } catch (e) {
    // The previous picture stays; the toolbar says why it is not updated.
    byId('summary').textContent = `could not draw the graph: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function summary(g: DeploymentGraph): string {
  const broken = g.nodes.filter((n) => n.status === 'error').length + g.edges.filter((e) => e.status === 'error').length;
  const warn = g.nodes.filter((n) => n.status === 'warning').length + g.edges.filter((e) => e.status === 'warning').length;
  return `${g.nodes.length} nodes, ${g.edges.length} connections${broken ? `, ${broken} broken` : ''}${warn ? `, ${warn} with warnings` : ''}`;
}

function tryUrl(url: string): void {
  const u = url.trim();
  if (!u) return;
  urlInput.value = u;
  save({ url: u });
  post({ type: 'tryUrl', url: u });
}

function setUrls(list: AppUrl[]): void {
  urls = list;
  byId('url-suggestions').replaceChildren(...list.map((u) => h('option', { attrs: { value: u.url }, text: `${u.path} (${u.outcome})` })));
  showUrls(urlList, list, tryUrl);
}

function toggleUrls(open = urlList.hidden): void {
  urlList.hidden = !open;
  byId('urls').setAttribute('aria-expanded', String(open));
  side.hidden = routeEl.hidden && urlList.hidden;
  save({ showUrls: open });
  if (open) post({ type: 'appUrls' });
}

function exportSvg(action: 'copy' | 'save'): void {
  const cur = canvas.current();
  if (!cur) return;
  const svg = renderSvg(cur.graph, cur.layout, { standalone: true, title: `DeployLens topology of ${byId('folder').textContent ?? ''}`, ...(route?.ok ? { highlight: route } : {}) });
  post({ type: 'export', action, svg });
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  switch (m?.type) {
    case 'graph':
      if (m.version < version && m.folderUri === folderUri) return;
      draw(m);
      break;
    case 'route':
      setRoute(m.route);
      break;
    case 'appUrls':
      setUrls(m.urls);
      break;
    case 'error':
      byId('summary').textContent = m.message;
      break;
    case 'requestExport':
      exportSvg(m.action);
      break;
    case 'select':
      canvas.select(m.id, true);
      break;
  }
});

byId<HTMLFormElement>('try').addEventListener('submit', (e) => {
  e.preventDefault();
  tryUrl(urlInput.value);
});
byId('clear').addEventListener('click', () => {
  setRoute(undefined);
  save({ url: undefined });
});
urlInput.addEventListener('focus', () => {
  if (!urls) post({ type: 'appUrls' });
});
byId('urls').addEventListener('click', () => toggleUrls());
byId('zoom-in').addEventListener('click', () => canvas.zoomBy(1.2));
byId('zoom-out').addEventListener('click', () => canvas.zoomBy(1 / 1.2));
byId('zoom-fit').addEventListener('click', () => canvas.fit());
byId('copy-svg').addEventListener('click', () => exportSvg('copy'));
byId('save-svg').addEventListener('click', () => exportSvg('save'));

if (state.url) urlInput.value = state.url;
if (state.showUrls) toggleUrls(true);
post({ type: 'ready' });
// A restored URL is routed again once the graph is there (the extension answers in order).
if (state.url) post({ type: 'tryUrl', url: state.url });
