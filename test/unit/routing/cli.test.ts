// `deploylens route`: the JSON contract, the text explanation, and usage errors (exit 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../../server/src/cli/route';
import type { CliIO } from '../../../server/src/cli/io';
import { MemoryHost } from '../../../server/src/common/memoryHost';

const site = `upstream app { server unix:/run/gunicorn.sock; }
server {
    listen 80 default_server;
    server_name example.com;
    include snippets/static.conf;
    location / {
        proxy_pass http://app;
    }
}
server {
    listen 8080;
    server_name ~^(?<sub>.+)\\.example\\.com$;
    return 301 https://$sub.example.com$request_uri;
}
`;
const snippet = `location /static/ {
    alias /srv/static/;
}
`;

function io(cwd = '/ws'): { out: string[]; err: string[]; io: CliIO } {
  const out: string[] = [];
  const err: string[] = [];
  const host = new MemoryHost({ '/ws/deploy/site.conf': site, '/ws/deploy/snippets/static.conf': snippet });
  const cli: CliIO = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    host,
    cwd,
    writeFile: () => assert.fail('route never writes files'),
  };
  return { out, err, io: cli };
}

test('JSON: one object per URL, places 1-based, status only when refused', async () => {
  const h = io();
  const code = await run(['deploy/site.conf', 'http://example.com/static/a.css', 'http://example.com/app?x=1', 'http://a.example.com:8080/p', 'http://example.com/..', '--format', 'json'], h.io);
  assert.equal(code, 0);
  const out = JSON.parse(h.out.join('\n'));
  assert.equal(out.length, 4);
  assert.deepEqual(out[0].server, { file: 'deploy/site.conf', line: 2, column: 1, names: ['example.com'] });
  assert.deepEqual(out[0].location, { file: 'deploy/snippets/static.conf', line: 1, column: 1, modifier: '', pattern: '/static/' });
  assert.equal(out[0].target.kind, 'static');
  assert.equal(out[0].target.path, '/srv/static/a.css');
  assert.deepEqual(out[0].target.ref, { file: 'deploy/snippets/static.conf', line: 2, column: 5 });
  assert.equal('status' in out[0], false);
  assert.deepEqual(out[1].location, { file: 'deploy/site.conf', line: 6, column: 5, modifier: '', pattern: '/' });
  assert.deepEqual(out[1].target.endpoints, [{ kind: 'unix', path: '/run/gunicorn.sock' }]);
  assert.equal(out[1].target.uri, '/app?x=1');
  assert.equal(out[1].target.upstream.name, 'app');
  assert.deepEqual(out[2].server.names, ['~^(?<sub>.+)\\.example\\.com$']);
  assert.equal(out[2].location, null);
  assert.deepEqual([out[2].target.kind, out[2].target.status, out[2].target.location], ['return', 301, 'https://a.example.com/p']);
  assert.equal(out[3].status, 400);
  assert.equal(out[3].location, null);
  assert.equal(out[3].url, 'http://example.com/..');
});

test('text: why this server, why this location, what happens', async () => {
  const h = io();
  assert.equal(await run(['deploy/site.conf', 'http://example.com/static/a.css'], h.io), 0);
  const text = h.out.join('\n');
  assert.match(text, /^http:\/\/example\.com\/static\/a\.css$/m);
  assert.match(text, /exact name "example.com" \(deploy\/site\.conf:2:1\)/);
  assert.match(text, /longest matching prefix location is "\/static\/" \(deploy\/snippets\/static\.conf:1:1\)/);
  assert.match(text, /=> static file \/srv\/static\/a\.css \(alias \/srv\/static\/\)/);
});

test('--address picks the listen address', async () => {
  const h = io();
  await run(['deploy/site.conf', 'http://x/', '--address', '10.1.1.1', '--format', 'json'], h.io);
  assert.equal(JSON.parse(h.out.join(''))[0].server.names[0], 'example.com');
  const none = io();
  await run(['deploy/site.conf', 'http://x:9/', '--format', 'json'], none.io);
  assert.equal(JSON.parse(none.out.join(''))[0].target.kind, 'no-listener');
});

test('bad usage exits 2 with one line on stderr', async () => {
  for (const argv of [[], ['deploy/site.conf'], ['deploy/site.conf', 'ftp://x/'], ['deploy/site.conf', 'http://x/', '--format', 'xml'], ['missing.conf', 'http://x/'], ['deploy/site.conf', 'http://x/', '--bogus']]) {
    const h = io();
    assert.equal(await run(argv, h.io), 2, argv.join(' '));
    assert.equal(h.err.length, 1, argv.join(' '));
    assert.equal(h.out.length, 0);
  }
});
