// `deploylens graph <workspace> --format svg` (the bundled CLI) rendered in headless chromium: the
// picture of examples/pybo has the nginx server, the static location, the socket, the gunicorn unit
// and pybo:create_app(), connected; a broken copy shows the red edge. PNGs go to test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, runCli } from '../../helpers/cli';
import { launch } from './webviewHarness';

const artifacts = join(repoRoot, 'test-artifacts');
let browser: Browser;
let tmp = '';

before(async () => {
  browser = await launch();
  tmp = mkdtempSync(join(tmpdir(), 'deploylens-graph-'));
  mkdirSync(artifacts, { recursive: true });
});
after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface DomNode {
  id: string;
  kind: string;
  status: string;
  label: string;
  visible: boolean;
}
interface DomEdge {
  from: string;
  to: string;
  status: string;
  stroke: string;
  length: number;
}

/** Loads an SVG file as a page and reads its nodes and edges from the DOM (computed styles, drawn lengths). */
async function open(svg: string, png: string): Promise<{ page: Page; nodes: DomNode[]; edges: DomEdge[] }> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 600 } });
  const file = join(tmp, `${png}.svg`);
  writeFileSync(file, svg);
  await page.goto(`file://${file}`);
  await page.locator('svg').screenshot({ path: join(artifacts, `${png}.png`) });
  // A string: the test project has no DOM types.
  const dom = (await page.evaluate(`(() => {
    const nodes = [...document.querySelectorAll('g.dl-node')].map((g) => {
      const r = g.getBoundingClientRect();
      return { id: g.getAttribute('data-id'), kind: g.getAttribute('data-kind'), status: g.getAttribute('data-status'), label: g.querySelector('.dl-label').textContent, visible: r.width > 50 && r.height > 20 };
    });
    const edges = [...document.querySelectorAll('g.dl-edge')].map((g) => {
      const line = g.querySelector('.dl-edge-line');
      return { from: g.getAttribute('data-from'), to: g.getAttribute('data-to'), status: g.getAttribute('data-status'), stroke: getComputedStyle(line).stroke, length: line.getTotalLength() };
    });
    return { nodes, edges };
  })()`)) as { nodes: DomNode[]; edges: DomEdge[] };
  return { page, ...dom };
}

/** Is there a directed path from a node to another over the drawn edges? */
function connected(edges: DomEdge[], from: string, to: string): boolean {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length) {
    const cur = todo.pop()!;
    if (cur === to) return true;
    for (const e of edges) {
      if (e.from !== cur || seen.has(e.to)) continue;
      seen.add(e.to);
      todo.push(e.to);
    }
  }
  return false;
}

test('the example deployment as SVG: the chain is present, drawn, green and connected', { timeout: 60_000 }, async () => {
  const r = runCli(['graph', 'examples/pybo', '--format', 'svg']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const { page, nodes, edges } = await open(r.stdout, 'graph-pybo');
  try {
    const find = (kind: string, label: RegExp) => {
      const n = nodes.find((x) => x.kind === kind && label.test(x.label));
      assert.ok(n, `no ${kind} node labelled ${label} in ${JSON.stringify(nodes.map((x) => x.label))}`);
      assert.ok(n.visible, `${n.label} is drawn`);
      return n;
    };
    const server = find('server', /^pybo\.example\.com$/);
    const staticLoc = find('location', /^\/static\/$/);
    const socket = find('socket', /^unix:\/run\/myproject\/gunicorn\.sock$/);
    const unit = find('gunicorn', /^myproject\.service$/);
    const wsgi = find('wsgi', /^pybo:create_app\(\)$/);
    const app = find('app', /^Flask app$/);
    const staticDir = find('static', /^\/home\/ubuntu\/.*\/pybo\/static\/$/);
    assert.ok(connected(edges, server.id, staticLoc.id) && connected(edges, staticLoc.id, staticDir.id), 'server -> /static/ -> static folder');
    assert.ok(connected(edges, server.id, socket.id), 'server -> location / -> socket');
    for (const [a, b] of [[socket, unit], [unit, wsgi], [wsgi, app]]) assert.ok(edges.some((e) => e.from === a.id && e.to === b.id), `${a.label} -> ${b.label}`);
    assert.ok(nodes.every((n) => n.status === 'ok') && edges.every((e) => e.status === 'ok'));
    for (const e of edges) {
      assert.ok(e.length > 10, `edge ${e.from} -> ${e.to} is drawn`);
      assert.equal(e.stroke, 'rgb(56, 138, 52)', 'green outside VS Code (the fallback of the testing colour)');
    }
  } finally {
    await page.close();
  }
});

test('a socket mismatch shows the red edge from the location to the socket nobody binds', { timeout: 60_000 }, async () => {
  const ws = join(tmp, 'broken');
  cpSync(join(repoRoot, 'examples', 'pybo'), ws, { recursive: true });
  const unit = join(ws, 'deploy', 'systemd', 'myproject.service');
  writeFileSync(unit, readFileSync(unit, 'utf8').replace('unix:/run/myproject/gunicorn.sock', 'unix:/run/myproject/other.sock'));
  const r = runCli(['graph', ws, '--format', 'svg']);
  assert.equal(r.status, 0, r.stderr);
  const { page, edges, nodes } = await open(r.stdout, 'graph-pybo-broken');
  try {
    const red = edges.filter((e) => e.status === 'error');
    assert.equal(red.length, 1, JSON.stringify(red));
    assert.equal(red[0].to, 'socket:/run/myproject/gunicorn.sock');
    assert.match(red[0].from, /^location:.*:\/$/);
    assert.equal(red[0].stroke, 'rgb(229, 20, 0)', 'drawn red');
    // The unit now binds its own socket node, which nothing proxies to.
    assert.ok(nodes.some((n) => n.kind === 'socket' && n.label === 'unix:/run/myproject/other.sock'));
    assert.ok(edges.some((e) => e.from === 'socket:/run/myproject/other.sock' && e.to.startsWith('gunicorn:')));
  } finally {
    await page.close();
  }
});

test('--url highlights the way of a request; dot, mermaid and json come from the same graph', { timeout: 60_000 }, async () => {
  const svg = runCli(['graph', 'examples/pybo', '--url', 'http://pybo.example.com/static/style.css']);
  assert.equal(svg.status, 0, svg.stderr);
  const { page, nodes } = await open(svg.stdout, 'graph-pybo-static-url');
  try {
    const hl = (await page.evaluate(`[...document.querySelectorAll('g.dl-node.hl')].map((g) => g.getAttribute('data-kind'))`)) as string[];
    assert.deepEqual(hl.sort(), ['client', 'listen', 'location', 'server', 'static']);
    assert.equal(nodes.length, 11);
  } finally {
    await page.close();
  }
  const json = JSON.parse(runCli(['graph', 'examples/pybo', '--format', 'json', '--url', 'http://pybo.example.com/']).stdout);
  assert.equal(json.nodes.length, 11);
  assert.equal(json.route.outcome, 'proxy');
  assert.ok(json.route.nodeIds.includes('wsgi:gunicorn:deploy/systemd/myproject.service:myproject.service'));
  const dot = runCli(['graph', 'examples/pybo', '--format', 'dot']).stdout;
  assert.equal([...dot.matchAll(/^ {2}n\d+ \[label=/gm)].length, 11);
  const mermaid = runCli(['graph', 'examples/pybo', '--format', 'mermaid']).stdout;
  assert.match(mermaid, /^flowchart LR/);
  assert.equal([...mermaid.matchAll(/^ {2}n\d+ (-->|-\.->)/gm)].length, json.edges.length);
  const bad = runCli(['graph', 'examples/pybo', '--format', 'png']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--format must be one of svg, dot, mermaid, json/);
});
