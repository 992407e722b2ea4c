/**
 * The drawing area: puts the renderer's SVG in the page, and owns zoom, pan, selection, the
 * highlighted path and keyboard navigation. Zoom and pan are a CSS transform on the SVG (set
 * through the CSSOM, which the CSP allows), so a redraw keeps them; the selection is kept by id.
 */
import type { DeploymentGraph } from '../../../shared/src/graph';
import type { GraphLayout } from '../../../shared/src/render/layout';
import { neighbour, type Direction } from '../../../shared/src/render/navigate';
import { renderSvg } from '../../../shared/src/render/svg';

/** Zoom and pan (px of the canvas). */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

/** What the canvas tells its owner. */
export interface CanvasEvents {
  /** A node or edge was clicked or Enter was pressed on it. */
  activate(id: string): void;
  /** The selection changed (state to save). */
  selected(id: string | undefined): void;
  /** Zoom or pan changed (state to save). */
  viewChanged(view: View): void;
  /** The pointer or focus is on a node/edge (show its card), or left it (undefined). */
  hover(id: string | undefined, anchor: { x: number; y: number } | Element): void;
  /** Escape was pressed. */
  escape(): void;
}

/** The canvas API. */
export interface Canvas {
  /** Draws a graph; keeps view, selection and highlight. */
  draw(graph: DeploymentGraph, layout: GraphLayout): void;
  highlight(ids: { nodeIds: string[]; edgeIds: string[] } | undefined): void;
  select(id: string | undefined, focus?: boolean): void;
  view(): View;
  setView(v: View): void;
  fit(): void;
  zoomBy(factor: number, at?: { x: number; y: number }): void;
  /** The current graph and layout (exports, tests). */
  current(): { graph: DeploymentGraph; layout: GraphLayout } | undefined;
}

const MIN_ZOOM = 0.05;
/** The smallest zoom "Fit" picks: 12px labels stay at 7px or more. */
const READABLE = 0.6;
const MAX_ZOOM = 4;

/** Creates the canvas in `host`. */
export function createCanvas(host: HTMLElement, events: CanvasEvents, initial: View, initialSelection?: string): Canvas {
  let view: View = { ...initial };
  let selected = initialSelection;
  let hl: { nodeIds: string[]; edgeIds: string[] } | undefined;
  let shown: { graph: DeploymentGraph; layout: GraphLayout } | undefined;
  let svg: SVGSVGElement | null = null;

  const apply = () => {
    if (!svg) return;
    svg.style.transform = `translate(${view.panX}px, ${view.panY}px) scale(${view.zoom})`;
    // Far out, captions and edge labels are noise: the labels stay, the rest is dropped.
    host.classList.toggle('zoomed-out', view.zoom < 0.5);
  };
  /** True while the view is the fitted one: a resize (the side panel opening) fits again. */
  let fitted = false;
  const setView = (v: View, notify = true) => {
    fitted = false;
    view = { zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.zoom)), panX: v.panX, panY: v.panY };
    apply();
    if (notify) events.viewChanged(view);
  };
  const itemOf = (t: EventTarget | null): SVGGElement | null => (t instanceof Element ? (t.closest('.dl-node, .dl-edge') as SVGGElement | null) : null);
  const elementFor = (id: string): SVGGElement | null => {
    if (!svg) return null;
    for (const el of svg.querySelectorAll<SVGGElement>('.dl-node, .dl-edge')) if (el.dataset.id === id) return el;
    return null;
  };
  const markSelection = () => {
    svg?.querySelectorAll('.selected').forEach((el) => el.classList.remove('selected'));
    if (selected) elementFor(selected)?.classList.add('selected');
  };
  const markHighlight = () => {
    if (!svg) return;
    const nodes = new Set(hl?.nodeIds ?? []);
    const edges = new Set(hl?.edgeIds ?? []);
    svg.classList.toggle('has-hl', nodes.size + edges.size > 0);
    for (const el of svg.querySelectorAll<SVGGElement>('.dl-node, .dl-edge')) {
      const id = el.dataset.id ?? '';
      el.classList.toggle('hl', el.classList.contains('dl-node') ? nodes.has(id) : edges.has(id));
    }
  };
  /** Pans so that an element is inside the canvas. */
  const reveal = (el: Element) => {
    const r = el.getBoundingClientRect();
    const c = host.getBoundingClientRect();
    let { panX, panY } = view;
    if (r.left < c.left) panX += c.left - r.left + 20;
    else if (r.right > c.right) panX -= r.right - c.right + 20;
    if (r.top < c.top) panY += c.top - r.top + 20;
    else if (r.bottom > c.bottom) panY -= r.bottom - c.bottom + 20;
    if (panX !== view.panX || panY !== view.panY) setView({ zoom: view.zoom, panX, panY });
  };

  const api: Canvas = {
    draw(graph, layout) {
      const focusedId = itemOf(document.activeElement)?.dataset.id;
      shown = { graph, layout };
      if (graph.nodes.length === 0) {
        host.replaceChildren();
        const p = document.createElement('p');
        p.className = 'empty';
        p.textContent = graph.notes.length ? `Nothing to draw: ${graph.notes.join('; ')}` : 'Nothing to draw: no nginx site, gunicorn instance or app was found in this folder.';
        host.append(p);
        svg = null;
        return;
      }
      // The markup is the shared renderer's, where every config string is escaped.
      host.innerHTML = renderSvg(graph, layout, { ...(hl ? { highlight: hl } : {}), ...(selected ? { selected } : {}) });
      svg = host.querySelector('svg');
      if (svg) {
        svg.setAttribute('width', String(Math.max(layout.width, 200)));
        svg.setAttribute('height', String(Math.max(layout.height, 80)));
      }
      apply();
      if (focusedId) (elementFor(focusedId) as unknown as HTMLElement | null)?.focus({ preventScroll: true });
    },
    highlight(ids) {
      hl = ids && ids.nodeIds.length + ids.edgeIds.length > 0 ? ids : undefined;
      markHighlight();
      // Bring the path into view: its end, then its start (the start wins when both do not fit).
      const on = svg ? [...svg.querySelectorAll('.dl-node.hl')] : [];
      if (on.length > 0) {
        reveal(on[on.length - 1]);
        reveal(on[0]);
      }
    },
    select(id, focus = false) {
      selected = id;
      markSelection();
      events.selected(id);
      const el = id ? elementFor(id) : null;
      if (el && focus) {
        (el as unknown as HTMLElement).focus({ preventScroll: true });
        reveal(el);
      }
    },
    view: () => view,
    setView: (v) => setView(v),
    fit() {
      if (!shown) return;
      const w = host.clientWidth || 800;
      const hgt = host.clientHeight || 600;
      const lw = Math.max(shown.layout.width, 1);
      const lh = Math.max(shown.layout.height, 1);
      // The whole picture when it can be read; else readable (READABLE) from the client side, and
      // the rest is a drag or a scroll away: a narrow panel beside the editor never shrinks it to dust.
      const zoom = Math.max(READABLE, Math.min(1.5, w / lw, hgt / lh));
      setView({ zoom, panX: Math.max(0, (w - lw * zoom) / 2), panY: Math.max(0, (hgt - lh * zoom) / 2) });
      fitted = true;
    },
    zoomBy(factor, at) {
      const p = at ?? { x: host.clientWidth / 2, y: host.clientHeight / 2 };
      const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * factor));
      const k = zoom / view.zoom;
      setView({ zoom, panX: p.x - (p.x - view.panX) * k, panY: p.y - (p.y - view.panY) * k });
    },
    current: () => shown,
  };

  host.addEventListener('click', (e) => {
    const item = itemOf(e.target);
    if (!item?.dataset.id) return;
    api.select(item.dataset.id);
    events.activate(item.dataset.id);
  });
  host.addEventListener('pointerover', (e) => {
    const item = itemOf(e.target);
    if (item?.dataset.id) events.hover(item.dataset.id, { x: e.clientX, y: e.clientY });
  });
  host.addEventListener('pointerout', (e) => {
    const from = itemOf(e.target);
    const to = itemOf(e.relatedTarget);
    if (from && from !== to) events.hover(undefined, from);
  });
  host.addEventListener('focusin', (e) => {
    const item = itemOf(e.target);
    if (item?.dataset.id) {
      reveal(item);
      events.hover(item.dataset.id, item);
    }
  });
  host.addEventListener('keydown', (e) => {
    const item = itemOf(e.target);
    const dirs: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    if (dirs[e.key] && shown) {
      e.preventDefault();
      const next = neighbour(shown.graph, shown.layout, item?.classList.contains('dl-node') ? item.dataset.id : (shown.graph.edges.find((x) => x.id === item?.dataset.id)?.from ?? undefined), dirs[e.key]);
      if (next) api.select(next, true);
    } else if ((e.key === 'Enter' || e.key === ' ') && item?.dataset.id) {
      e.preventDefault();
      api.select(item.dataset.id);
      events.activate(item.dataset.id);
    } else if (e.key === 'Escape') {
      events.escape();
    } else if (e.key === '+' || e.key === '=') {
      api.zoomBy(1.2);
    } else if (e.key === '-') {
      api.zoomBy(1 / 1.2);
    } else if (e.key === '0') {
      api.fit();
    }
  });
  host.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = host.getBoundingClientRect();
      if (e.ctrlKey || e.metaKey) api.zoomBy(Math.exp(-e.deltaY / 300), { x: e.clientX - r.left, y: e.clientY - r.top });
      else setView({ zoom: view.zoom, panX: view.panX - e.deltaX, panY: view.panY - e.deltaY });
    },
    { passive: false },
  );
  let drag: { x: number; y: number; panX: number; panY: number; id: number } | undefined;
  host.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || itemOf(e.target)) return;
    drag = { x: e.clientX, y: e.clientY, panX: view.panX, panY: view.panY, id: e.pointerId };
    host.setPointerCapture(e.pointerId);
    host.classList.add('panning');
  });
  host.addEventListener('pointermove', (e) => {
    if (drag && e.pointerId === drag.id) setView({ zoom: view.zoom, panX: drag.panX + e.clientX - drag.x, panY: drag.panY + e.clientY - drag.y }, false);
  });
  const endDrag = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.id) return;
    drag = undefined;
    host.classList.remove('panning');
    events.viewChanged(view);
  };
  // The browser scrolls this overflow-hidden box to show a focused node (Tab): turn that scroll
  // into pan, so the transform stays the only offset and the saved view stays true.
  host.addEventListener('scroll', () => {
    if (host.scrollLeft === 0 && host.scrollTop === 0) return;
    const dx = host.scrollLeft;
    const dy = host.scrollTop;
    host.scrollLeft = 0;
    host.scrollTop = 0;
    setView({ zoom: view.zoom, panX: view.panX - dx, panY: view.panY - dy });
  });
  new ResizeObserver(() => {
    if (fitted) api.fit();
  }).observe(host);
  host.addEventListener('pointerup', endDrag);
  host.addEventListener('pointercancel', endDrag);
  return api;
}
