import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkPath } from '../../../server/src/project/check';
import { buildGraph } from '../../../server/src/project/topology';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';

const example = join(__dirname, '..', '..', '..', 'examples', 'pybo');
const SITE = '/ws/deploy/nginx/sites-available/myproject';

/** The example workspace in memory, under /ws, with optional edits. */
function workspace(edit: (path: string, text: string) => string = (_p, t) => t): MemoryHost {
  const host = new MemoryHost();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}/${name}`);
      else host.set(`/ws${rel}/${name}`, edit(`/ws${rel}/${name}`, readFileSync(p, 'utf8')));
    }
  };
  walk(example, '');
  return host;
}

function graphOf(host: MemoryHost) {
  const r = checkPath(host, '/ws', defaultSettings);
  return buildGraph(r.model!, r.findings, host);
}

before(loadPython);

test('the example deployment is one green chain: client -> listen -> server -> locations -> socket -> gunicorn -> wsgi -> app', () => {
  const g = graphOf(workspace());
  const byKind = (k: string) => g.nodes.filter((n) => n.kind === k).map((n) => n.label);
  assert.deepEqual(byKind('listen'), ['0.0.0.0:80']);
  assert.deepEqual(byKind('server'), ['server pybo.example.com']);
  assert.deepEqual(byKind('location'), ['location = /favicon.ico', 'location /static/', 'location /']);
  assert.deepEqual(byKind('static'), ['/home/ubuntu/projects/myproject/pybo/static/']);
  assert.deepEqual(byKind('socket'), ['unix:/run/myproject/gunicorn.sock']);
  assert.deepEqual(byKind('gunicorn'), ['gunicorn myproject.service']);
  assert.deepEqual(byKind('wsgi'), ['pybo:create_app()']);
  assert.deepEqual(byKind('app'), ['Flask app']);
  assert.ok(g.nodes.every((n) => n.status === 'ok'), JSON.stringify(g.nodes.filter((n) => n.status !== 'ok')));
  assert.ok(g.edges.every((e) => e.status === 'ok'));
  const edge = (from: string, to: string) => g.edges.find((e) => e.from.startsWith(from) && e.to.startsWith(to));
  assert.ok(edge('location:server:deploy/nginx/sites-available/myproject#0:/', 'socket:/run/myproject/gunicorn.sock'));
  assert.ok(edge('socket:/run/myproject/gunicorn.sock', 'gunicorn:deploy/systemd/myproject.service'));
  assert.ok(edge('static:/home/ubuntu/projects/myproject/pybo/static/', 'app:'), 'the static folder is linked to the app that owns it');
  const staticNode = g.nodes.find((n) => n.kind === 'static')!;
  assert.deepEqual(Object.fromEntries(staticNode.details).files, '1');
  assert.equal(Object.fromEntries(staticNode.details)['workspace folder'], 'pybo/static');
});

test('a socket mismatch turns the proxy edge red with the finding and its fixes; node ids stay stable', () => {
  const good = graphOf(workspace());
  const g = graphOf(workspace((p, t) => (p === SITE ? t.replace('unix:/run/myproject/gunicorn.sock', 'unix:/tmp/other.sock') : t)));
  const red = g.edges.filter((e) => e.status === 'error');
  assert.equal(red.length, 1);
  assert.equal(red[0].to, 'socket:/tmp/other.sock');
  assert.equal(red[0].problems[0].code, 'proxy-target-not-bound');
  assert.deepEqual(red[0].problems[0].fixes, ['Point nginx at unix:/run/myproject/gunicorn.sock', 'Bind gunicorn to unix:/tmp/other.sock']);
  assert.equal(red[0].source?.line, 17);
  const ids = (x: typeof g) => x.nodes.filter((n) => n.kind !== 'socket').map((n) => n.id).sort();
  assert.deepEqual(ids(g), ids(good), 'only the socket node differs');
});

test('a static folder that exists only on the server is grey, not red', () => {
  const g = graphOf(workspace((p, t) => (p === SITE ? t.replace('alias /home/ubuntu/projects/myproject/pybo/static/;', 'alias /var/www/assets/;') : t)));
  const s = g.nodes.find((n) => n.kind === 'static')!;
  assert.equal(s.status, 'unknown');
  assert.equal(Object.fromEntries(s.details)['workspace folder'], 'on the server only');
});
