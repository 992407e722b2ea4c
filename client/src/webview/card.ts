/**
 * The hover card of a node or an edge: what it is, its status, its details, its problems with
 * their quick fixes (buttons), and where it is defined. Shown on hover and on keyboard focus; it
 * stays while the pointer is on it, so its buttons can be clicked.
 */
import type { GraphEdge, GraphNode, GraphSource } from '../../../shared/src/graph';
import { KIND_CAPTION, STATUS_WORD } from '../../../shared/src/render/columns';
import { h } from './dom';

/** What the card's buttons do. */
export interface CardActions {
  reveal(source: GraphSource): void;
  fix(source: GraphSource, code: string, title: string): void;
}

/** The card API. */
export interface Card {
  show(item: GraphNode | GraphEdge, nodes: ReadonlyMap<string, GraphNode>, anchor: { x: number; y: number } | Element): void;
  /** Hides soon, unless the pointer is on the card; `now`: at once, wherever the pointer is. */
  hide(now?: boolean): void;
  /** The id shown, if any. */
  shownId(): string | undefined;
}

/** Creates the card over `el` (the page's #card). */
export function createCard(el: HTMLElement, actions: CardActions): Card {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown: string | undefined;
  let pointerInside = false;
  el.addEventListener('pointerenter', () => {
    pointerInside = true;
    clearTimeout(timer);
  });
  el.addEventListener('pointerleave', () => {
    pointerInside = false;
    card.hide();
  });

  const card: Card = {
    show(item, nodes, anchor) {
      clearTimeout(timer);
      shown = item.id;
      const isNode = 'kind' in item;
      const title = isNode ? `${KIND_CAPTION[item.kind]}: ${item.label}` : `${item.label ?? 'connection'}: ${nodes.get(item.from)?.label ?? item.from} → ${nodes.get(item.to)?.label ?? item.to}`;
      const children: Array<Node | null> = [h('h3', { text: title }), h('div', { class: `status st-${item.status}`, text: STATUS_WORD[item.status] ?? item.status })];
      if (isNode && item.details.length > 0) {
        children.push(h('dl', {}, item.details.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
      }
      const source = item.source;
      for (const p of item.problems) {
        children.push(h('div', { class: `problem ${p.severity}`, text: `${p.severity}: ${p.message} (${p.code})` }));
        if (source && p.fixes.length > 0) {
          children.push(h('div', { class: 'fixes' }, p.fixes.map((title) => h('button', { text: title, attrs: { type: 'button', title: `Quick fix: ${title}` }, on: { click: () => actions.fix(source, p.code, title) } }))));
        }
      }
      if (source) {
        const file = source.file.split('/').slice(-3).join('/');
        children.push(h('div', { class: 'hint' }, [h('a', { text: `${file}:${source.line + 1}`, attrs: { href: '#', role: 'link' }, on: { click: (e) => (e.preventDefault(), actions.reveal(source)) } }), ' (click or Enter opens it)']));
      }
      el.replaceChildren(...children.filter((c): c is Node => c !== null));
      el.hidden = false;
      place(el, anchor);
    },
    hide(now = false) {
      clearTimeout(timer);
      const go = () => {
        el.hidden = true;
        shown = undefined;
      };
      if (now) go();
      // Not while the pointer is on the card: its buttons must stay reachable.
      else timer = setTimeout(() => pointerInside || go(), 250);
    },
    shownId: () => shown,
  };
  return card;
}

/**
 * Puts the card next to the pointer or the focused element, inside the window, never over the
 * anchor itself (a card under the pointer would take the hover and the click): right, left, below,
 * above, whichever has room.
 */
function place(el: HTMLElement, anchor: { x: number; y: number } | Element): void {
  const a = anchor instanceof Element ? anchor.getBoundingClientRect() : { left: anchor.x, right: anchor.x, top: anchor.y, bottom: anchor.y };
  const w = el.offsetWidth;
  const hgt = el.offsetHeight;
  const W = window.innerWidth;
  const H = window.innerHeight;
  const clampX = (x: number) => Math.min(Math.max(4, x), Math.max(4, W - w - 4));
  const clampY = (y: number) => Math.min(Math.max(4, y), Math.max(4, H - hgt - 4));
  let x: number;
  let y: number;
  if (a.right + 12 + w <= W - 4) [x, y] = [a.right + 12, clampY(a.top)];
  else if (a.left - 12 - w >= 4) [x, y] = [a.left - 12 - w, clampY(a.top)];
  else if (a.bottom + 12 + hgt <= H - 4) [x, y] = [clampX(a.left), a.bottom + 12];
  else [x, y] = [clampX(a.left), Math.max(4, a.top - 12 - hgt)];
  el.style.left = `${x}px`;
  el.style.top = `${y}px`;
}
