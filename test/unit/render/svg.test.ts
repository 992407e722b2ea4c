import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph } from '../../../shared/src/render/layout';
import { renderSvg } from '../../../shared/src/render/svg';
import { escapeXml } from '../../../shared/src/render/escape';
import { chainGraph, XSS } from './graphs';

/** Every `<` in the output opens one of the renderer's own elements (or closes one): no markup came from the data. */
function tagsOf(svg: string): Set<string> {
  return new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]));
}
const OWN_TAGS = new Set(['svg', 'title', 'desc', 'style', 'defs', 'marker', 'path', 'g', 'rect', 'text', 'circle']);

/** A minimal well-formedness check: tags balance, attributes are quoted, no raw `&` outside entities. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const body = svg.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[4]) continue;
    if (m[1]) assert.equal(stack.pop(), m[2], `unbalanced </${m[2]}>`);
    else stack.push(m[2]);
  }
  assert.deepEqual(stack, []);
  assert.doesNotMatch(body.replace(/<[^>]*>/g, (t) => t.replace(/"[^"]*"/g, '""')), /&(?!(amp|lt|gt|quot|#39);)/, 'a bare & in text');
  assert.equal((body.match(/</g) ?? []).length, (body.match(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z:-]+="[^"<]*")*)\s*(\/?)>/g) ?? []).length, 'every < starts a tag');
}

test('a server_name of <img src=x onerror=alert(1)> is text in the SVG, in the label, the aria-label and the title', () => {
  const g = chainGraph(XSS);
  const svg = renderSvg(g, layoutGraph(g), { standalone: true });
  assert.ok(!svg.includes('<img'), 'no img element');
  assert.ok(svg.includes('server &lt;img src=x onerror=alert(1)&gt;'));
  assert.ok([...tagsOf(svg)].every((t) => OWN_TAGS.has(t)), [...tagsOf(svg)].join(','));
  assertWellFormed(svg);
});

test('escaping table: quotes, ampersands, control characters and lone surrogates', () => {
  const cases: Array<[string, string]> = [
    ['a & b', 'a &amp; b'],
    ['"q" \'s\'', '&quot;q&quot; &#39;s&#39;'],
    ['<script>', '&lt;script&gt;'],
    ['bell\u0007', 'bell\uFFFD'],
    ['tab\tnl\n', 'tab\tnl\n'],
    ['lone \uD800 x', 'lone \uFFFD x'],
    ['pair 😀', 'pair 😀'],
    ['\uFFFE', '\uFFFD'],
  ];
  for (const [input, want] of cases) assert.equal(escapeXml(input), want, JSON.stringify(input));
});

test('ids, details and problem messages with markup stay inside their attributes and text', () => {
  const g = chainGraph();
  g.nodes[0].id = `app:" onload="alert(1)`;
  g.edges.find((e) => e.to === 'app:g')!.to = g.nodes[0].id;
  g.edges.find((e) => e.from === 'wsgi:g')!.to = g.nodes[0].id;
  g.nodes[0].details.push(['static /x/', `</text><script>alert(1)</script>`]);
  const svg = renderSvg(g, layoutGraph(g), { standalone: true });
  assert.ok(svg.includes('data-id="app:&quot; onload=&quot;alert(1)"'));
  assert.ok(!/\sonload=/.test(svg.replace(/"[^"]*"/g, '""')), 'no onload attribute');
  assert.ok(!svg.includes('<script'));
  assertWellFormed(svg);
});

test('every node and every edge carries its status (class, data-status) and an accessible label', () => {
  const g = chainGraph();
  const svg = renderSvg(g, layoutGraph(g));
  const nodes = [...svg.matchAll(/<g class="dl-node ([^"]*)" data-id="([^"]*)" data-kind="([^"]*)" data-status="([^"]*)"[^>]*tabindex="0" role="button" aria-label="([^"]*)"/g)];
  assert.equal(nodes.length, g.nodes.length);
  for (const m of nodes) {
    assert.ok(m[1].startsWith(`st-${m[4]} kind-${m[3]}`), m[1]);
    assert.ok(m[5].length > 0);
  }
  const edges = [...svg.matchAll(/<g class="dl-edge st-(\w+)[^"]*" data-id="[^"]*" data-from="[^"]*" data-to="[^"]*" data-status="(\w+)"([^>]*)>/g)];
  assert.equal(edges.length, g.edges.length);
  for (const m of edges) {
    assert.equal(m[1], m[2]);
    // Broken edges are reachable with the keyboard (their quick fix is in the card).
    assert.equal(/tabindex="0"/.test(m[3]), m[2] !== 'ok');
  }
  assert.match(svg, /aria-label="connection|aria-label="proxy_pass from location \/ to unix:\/run\/app.sock, broken: nothing binds/);
  assert.match(svg, /marker-end="url\(#dl-arrow-error\)"/);
});

test('standalone files embed the stylesheet with theme variables and fallbacks; the webview variant has no <style>', () => {
  const g = chainGraph();
  const l = layoutGraph(g);
  const file = renderSvg(g, l, { standalone: true, title: 'T & T' });
  assert.match(file, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(file, /<title>T &amp; T<\/title>/);
  assert.match(file, /var\(--vscode-testing-iconFailed, var\(--vscode-charts-red, #e51400\)\)/);
  assert.match(file, / width="\d+" height="\d+"/);
  const inPanel = renderSvg(g, l);
  assert.ok(!inPanel.includes('<style'), 'the webview loads the stylesheet under its CSP nonce');
  assert.ok(!inPanel.includes('<title'), 'the hover card replaces native tooltips');
});

test('a highlighted path marks exactly its nodes and edges; the selection is marked', () => {
  const g = chainGraph();
  const l = layoutGraph(g);
  const svg = renderSvg(g, l, { highlight: { nodeIds: ['client', 'listen:0.0.0.0:80'], edgeIds: ['client->listen:0.0.0.0:80'] }, selected: 'server:s#0' });
  assert.match(svg, /class="dl-graph has-hl"/);
  assert.equal([...svg.matchAll(/class="dl-node [^"]* hl/g)].length, 2);
  assert.equal([...svg.matchAll(/class="dl-edge [^"]* hl/g)].length, 1);
  assert.match(svg, /class="dl-node st-ok kind-server selected" data-id="server:s#0"/);
});

test('an edge label sits on a horizontal piece of its own line, between columns when that piece is wide enough', () => {
  const g = chainGraph();
  g.edges.push({ id: 'long', from: 'location:s:=/favicon.ico', to: 'app:g', label: 'a label far too wide for any gap between two columns', status: 'ok', problems: [] });
  const l = layoutGraph(g);
  const svg = renderSvg(g, l);
  const bands = l.columns;
  const long = l.edges.find((r) => r.id === 'long')!.points;
  const longest = Math.max(...long.slice(1).map((b, i) => (b.y === long[i].y ? Math.abs(b.x - long[i].x) : 0)));
  const labels = [...svg.matchAll(/<g class="dl-edge[^"]*" data-id="([^"]+)"[^>]*>(?:(?!<\/g>).)*?<text class="dl-edge-label" x="([\d.-]+)" y="([\d.-]+)"/g)];
  assert.equal(labels.length, g.edges.filter((e) => e.label).length);
  for (const [, id, xs, ys] of labels) {
    const [x, y] = [Number(xs), Number(ys) + 4];
    const pts = l.edges.find((r) => r.id === id.replace(/&gt;/g, '>'))!.points;
    const on = pts.slice(1).some((b, i) => b.y === y && pts[i].y === y && x >= Math.min(pts[i].x, b.x) && x <= Math.max(pts[i].x, b.x));
    assert.ok(on, `${id}: label at ${x},${y} is on its line`);
    if (id === 'long') assert.ok(long.slice(1).some((b, i) => b.y === y && long[i].y === y && Math.abs(b.x - long[i].x) === longest), 'the long label on the longest horizontal');
    // Short words fit the narrowest gap (56 px); a long one fits none and goes on its longest line.
    const word = g.edges.find((e) => e.id === id.replace(/&gt;/g, '>'))!.label!;
    const inBand = bands.some((c) => x > c.x && x < c.x + c.width);
    if (word.length <= 7) assert.ok(!inBand, `${id}: label inside a column band`);
  }
});
