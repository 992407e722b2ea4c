import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkPath } from '../../../server/src/project/check';
import { buildGraph } from '../../../server/src/project/topology';
import { routeOnGraph, ruleRegex } from '../../../server/src/project/graphRoute';
import { appUrls, sampleRule } from '../../../server/src/project/appUrls';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';
import { exampleWorkspace } from '../render/workspace';

const SITE = '/ws/deploy/nginx/sites-available/myproject';
const UNIT = '/ws/deploy/systemd/myproject.service';

function setup(host: MemoryHost = exampleWorkspace()) {
  const r = checkPath(host, '/ws', defaultSettings);
  const graph = buildGraph(r.model!, r.findings, host);
  return { host, model: r.model!, graph, route: (url: string) => routeOnGraph(r.model!, graph, host, url) };
}

before(loadPython);

test('try a URL on the example: the kinds along the path, the outcome and the final step', () => {
  const { route, graph } = setup();
  const kinds = (ids: string[]) => ids.map((id) => graph.nodes.find((n) => n.id === id)!.kind).join(' > ');
  const table: Array<{ url: string; outcome: string; status?: number; path: string; last: RegExp }> = [
    { url: 'http://pybo.example.com/static/style.css', outcome: 'static', path: 'client > listen > server > location > static', last: /in the workspace: pybo\/static\/style\.css$/ },
    { url: 'http://pybo.example.com/', outcome: 'proxy', path: 'client > listen > server > location > socket > gunicorn > wsgi > app', last: /the app route \/ \(index\) answers/ },
    { url: 'http://pybo.example.com/static/missing.css', outcome: 'error', status: 404, path: 'client > listen > server > location', last: /404/ },
    // No root in the server: nginx's default `root html` (/usr/share/nginx/html on Debian) has no favicon.
    { url: 'http://pybo.example.com/favicon.ico', outcome: 'error', status: 404, path: 'client > listen > server > location', last: /\/usr\/share\/nginx\/html\/favicon\.ico" is not found/ },
    { url: 'http://pybo.example.com/no/such/route', outcome: 'proxy', status: 404, path: 'client > listen > server > location > socket > gunicorn > wsgi > app', last: /no app route matches \/no\/such\/route: the app answers 404/ },
    { url: 'http://pybo.example.com:8080/', outcome: 'no-listener', path: 'client', last: /./ },
    { url: 'https://pybo.example.com/', outcome: 'no-listener', path: 'client', last: /./ },
  ];
  for (const c of table) {
    const r = route(c.url);
    assert.equal(r.ok, true, c.url);
    assert.equal(r.outcome, c.outcome, `${c.url}: ${r.summary}`);
    assert.equal(r.status, c.status, `${c.url} status`);
    assert.equal(kinds(r.nodeIds), c.path, c.url);
    if (r.steps.length) assert.match(r.steps[r.steps.length - 1].message, c.last, c.url);
    // Every edge on the path joins two consecutive-ish nodes of the path and exists in the graph.
    for (const e of r.edgeIds) {
      const edge = graph.edges.find((x) => x.id === e);
      assert.ok(edge, `${c.url}: edge ${e} is in the graph`);
      assert.ok(r.nodeIds.includes(edge.from) && r.nodeIds.includes(edge.to));
    }
    assert.equal(r.edgeIds.length, Math.max(0, r.nodeIds.length - 1), `${c.url}: a path, not a tree`);
  }
});

test('the steps say why: server by exact name, location by longest prefix, each with its source line', () => {
  const { route } = setup();
  const r = route('http://pybo.example.com/static/style.css');
  const server = r.steps.find((s) => s.stage === 'server')!;
  assert.match(server.message, /exact name "pybo\.example\.com"/);
  assert.equal(server.source?.line, 1);
  const loc = r.steps.find((s) => s.stage === 'location')!;
  assert.match(loc.message, /longest matching prefix location is "\/static\/"/);
  assert.equal(loc.source?.line, 11);
  const other = route('http://unknown.example/static/style.css').steps.find((s) => s.stage === 'server')!;
  assert.match(other.message, /default/);
});

test('a broken socket: the proxied request stops at the socket nobody binds, and says so', () => {
  const { route } = setup(exampleWorkspace((p, t) => (p === UNIT ? t.replace('unix:/run/myproject/gunicorn.sock', 'unix:/run/myproject/other.sock') : t)));
  const r = route('http://pybo.example.com/');
  assert.equal(r.outcome, 'proxy');
  assert.ok(r.nodeIds.includes('socket:/run/myproject/gunicorn.sock'));
  assert.ok(!r.nodeIds.some((id) => id.startsWith('gunicorn:')));
  assert.match(r.steps.map((s) => s.message).join('\n'), /no gunicorn instance of this workspace listens on unix:\/run\/myproject\/gunicorn\.sock/);
});

test('try_files with a named fallback highlights both locations', () => {
  const { route, graph } = setup(
    exampleWorkspace((p, t) => (p === SITE ? t.replace('location / {\n        include proxy_params;', 'location / {\n        try_files $uri @app;\n    }\n    location @app {\n        include proxy_params;') : t)),
  );
  const r = route('http://pybo.example.com/question/');
  const locs = r.nodeIds.filter((id) => graph.nodes.find((n) => n.id === id)?.kind === 'location');
  assert.deepEqual(locs.map((id) => graph.nodes.find((n) => n.id === id)!.label), ['location /', 'location @app']);
  assert.ok(r.nodeIds.some((id) => id.startsWith('gunicorn:')), r.summary);
});

test('unparsable URLs and workspaces without nginx answer ok: false with the reason', () => {
  const { route } = setup();
  assert.deepEqual([route('ftp://x/').ok, route('ftp://x/').summary], [false, 'unsupported scheme "ftp" (http or https)']);
  assert.equal(route('not a url').ok, false);
  const bare = exampleWorkspace();
  bare.delete(SITE);
  const r = setup(bare).route('http://pybo.example.com/');
  assert.deepEqual([r.ok, r.summary], [false, 'no nginx configuration in this workspace']);
});

test('the app URLs: static files served by nginx from disk, routes proxied to the app', () => {
  const { model, graph, host } = setup();
  const urls = appUrls(model, graph, host);
  assert.deepEqual(
    urls.map((u) => [u.path, u.source, u.outcome]),
    [
      ['/static/style.css', 'static-file', 'nginx-disk'],
      ['/', 'route', 'app'],
      ['/hello', 'route', 'app'],
    ],
  );
  assert.equal(urls[0].url, 'http://pybo.example.com/static/style.css');
  // With the static location gone, the file is proxied to the app (Flask serves it itself).
  const noStatic = setup(exampleWorkspace((p, t) => (p === SITE ? t.replace(/location \/static\/ \{[^}]*\}/, '') : t)));
  assert.equal(appUrls(noStatic.model, noStatic.graph, noStatic.host)[0].outcome, 'app');
  // With a wrong alias, nginx answers 404 for the app's file.
  const wrong = setup(exampleWorkspace((p, t) => (p === SITE ? t.replace('pybo/static/;', 'pybo/assets/;') : t)));
  assert.equal(appUrls(wrong.model, wrong.graph, wrong.host)[0].outcome, 'not-found');
});

test('Flask rules: converters as regexes, and sample URLs to route', () => {
  const table: Array<[string, string, boolean]> = [
    ['/question/detail/<int:question_id>/', '/question/detail/12/', true],
    ['/question/detail/<int:question_id>/', '/question/detail/x/', false],
    ['/files/<path:p>', '/files/a/b/c', true],
    ['/u/<name>', '/u/a/b', false],
    ['/u/<string(length=2):code>', '/u/ab', true],
    ['/a.b', '/aXb', false],
  ];
  for (const [rule, path, ok] of table) assert.equal(ruleRegex(rule).test(path), ok, `${rule} ${path}`);
  assert.equal(sampleRule('/q/<int:id>/<name>/<path:rest>'), '/q/1/x/a/b');
});
