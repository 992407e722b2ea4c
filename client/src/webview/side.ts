/**
 * The side panel: the way a tried URL takes (summary, outcome, steps with links to their source)
 * and the list of the app's URLs with their outcomes (a row tries that URL).
 */
import type { AppUrl, GraphRoute, GraphSource } from '../../../shared/src/graph';
import { h } from './dom';

/** Words for an app URL's outcome. */
const OUTCOME: Record<AppUrl['outcome'], string> = { 'nginx-disk': 'nginx, from disk', app: 'proxied to the app', 'not-found': '404', other: 'other' };

/** Shows a route in `el`. */
export function showRoute(el: HTMLElement, route: GraphRoute, reveal: (s: GraphSource) => void): void {
  const badge = h('span', { class: `outcome ${route.outcome}`, text: route.status !== undefined ? `${route.outcome} ${route.status}` : route.outcome });
  const steps = route.steps.map((s) =>
    h('li', {}, [
      h('strong', { text: `${s.stage}: ` }),
      s.message,
      s.source ? ' ' : null,
      s.source ? h('a', { text: `(${s.source.file.split('/').pop()}:${s.source.line + 1})`, attrs: { href: '#' }, on: { click: (e) => (e.preventDefault(), reveal(s.source!)) } }) : null,
    ]),
  );
  el.replaceChildren(h('h2', { text: route.url }), h('p', {}, [badge, ' ', route.summary]), ...(steps.length ? [h('ol', { class: 'steps' }, steps)] : []));
}

/** Shows the app's URLs in `el`; a click (or Enter) on a row tries it. */
export function showUrls(el: HTMLElement, urls: readonly AppUrl[], tryUrl: (url: string) => void): void {
  if (urls.length === 0) {
    el.replaceChildren(h('h2', { text: 'App URLs' }), h('p', { text: 'No static files or routes of an app were found behind this deployment.' }));
    return;
  }
  const rows = urls.map((u) =>
    h(
      'tr',
      { attrs: { tabindex: '0', title: u.detail, 'data-url': u.url }, on: { click: () => tryUrl(u.url), keydown: (e) => (e.key === 'Enter' ? tryUrl(u.url) : undefined) } },
      [h('td', { class: 'path', text: u.path }), h('td', {}, [h('span', { class: `outcome ${u.outcome}`, text: OUTCOME[u.outcome] })])],
    ),
  );
  const counts = (['nginx-disk', 'app', 'not-found', 'other'] as const).map((o) => `${urls.filter((u) => u.outcome === o).length} ${OUTCOME[o]}`).join(', ');
  el.replaceChildren(h('h2', { text: `App URLs (${urls.length})` }), h('p', { text: counts }), h('table', {}, [h('tbody', {}, rows)]));
}
