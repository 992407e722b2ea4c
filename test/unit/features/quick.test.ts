import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { carryFinding, changedRegion, isNginxLayerCode, nginxEntries, quickNginxCheck } from '../../../server/src/lsp/quick';
import { createCachedHost } from '../../../server/src/common/cachedHost';
import { buildDeploymentModel } from '../../../server/src/project/model';
import type { Finding } from '../../../server/src/common/diagnostics';
import { defaultSettings } from '../../../shared/src/settings';

const F = '/ws/sites-available/app';

function finding(start: number, end: number, extra: Partial<Finding> = {}): Finding {
  return { file: F, start, end, severity: 'error', code: 'proxy-target-not-bound', message: 'm', ...extra };
}

test('changedRegion: the one region two texts differ in', () => {
  const table: Array<[string, string, [number, number, number]]> = [
    ['abcdef', 'abXcdef', [2, 2, 3]],
    ['abcdef', 'abdef', [2, 3, 2]],
    ['abcdef', 'abcdef', [6, 6, 6]],
    ['aaaa', 'aaaaa', [4, 4, 5]],
    ['x1y', 'x22y', [1, 2, 3]],
  ];
  for (const [a, b, [start, oldEnd, newEnd]] of table) assert.deepEqual(changedRegion(a, b), { start, oldEnd, newEnd }, `${a} -> ${b}`);
});

test('carryFinding: kept before the edit, shifted after it, dropped when it overlaps; fixes and related follow', () => {
  const before = 'server { proxy_pass http://unix:/run/a.sock; }\n';
  const after = 'server {  proxy_pass http://unix:/run/a.sock; }\n'; // one space inserted at 8
  const region = changedRegion(before, after);
  const sock = before.indexOf('/run/a.sock');
  const moved = carryFinding(finding(sock, sock + 11, { fixes: [{ title: 't', edits: [{ file: F, start: sock, end: sock + 11, newText: '/x' }] }], related: [{ file: F, start: 0, end: 6, message: 'r' }, { file: '/other', start: 3, end: 4, message: 'o' }] }), region)!;
  assert.equal(after.slice(moved.start, moved.end), '/run/a.sock');
  assert.equal(after.slice(moved.fixes![0].edits[0].start, moved.fixes![0].edits[0].end), '/run/a.sock');
  assert.deepEqual(moved.related!.map((r) => [r.file, r.start]), [[F, 0], ['/other', 3]]);
  assert.deepEqual(carryFinding(finding(0, 6), region), finding(0, 6));
  assert.equal(carryFinding(finding(7, 10), region), undefined);
});

test('isNginxLayerCode: the nginx checker\'s codes are recomputed, the cross-file ones carried', () => {
  assert.equal(isNginxLayerCode('nginx-unknown-directive'), true);
  assert.equal(isNginxLayerCode('nginx-include-missing'), true);
  assert.equal(isNginxLayerCode('proxy-target-not-bound'), false);
  assert.equal(isNginxLayerCode('gunicorn-invalid-bind'), false);
});

test('quickNginxCheck re-checks the configuration that includes the edited file, in its real context', () => {
  const host = new MemoryHost({
    '/ws/nginx/nginx.conf': 'events {}\nhttp {\n    server {\n        location / {\n            include snippets/loc.conf;\n        }\n    }\n}\n',
    // Alone, a file of `alias` lines is checked in a guessed context; inside the location it is right.
    '/ws/nginx/snippets/loc.conf': 'alias /srv/x/;\nallias /y;\n',
  });
  const model = buildDeploymentModel(host, '/ws', defaultSettings);
  const entries = nginxEntries([model]);
  assert.deepEqual(entries.get('/ws/nginx/snippets/loc.conf'), [{ main: '/ws/nginx/nginx.conf', root: '/ws' }]);
  const r = quickNginxCheck(host, '/ws/nginx/snippets/loc.conf', entries.get('/ws/nginx/snippets/loc.conf')!, defaultSettings);
  assert.ok(r.files.has('/ws/nginx/nginx.conf') && r.files.has('/ws/nginx/snippets/loc.conf'));
  assert.deepEqual(r.findings.map((f) => [f.file, f.code]), [['/ws/nginx/snippets/loc.conf', 'nginx-unknown-directive']]);
  // Settings apply: the rule switched off is not published by the fast path either.
  const off = quickNginxCheck(host, '/ws/nginx/snippets/loc.conf', entries.get('/ws/nginx/snippets/loc.conf')!, { ...defaultSettings, rules: { 'nginx-unknown-directive': 'off' } });
  assert.deepEqual(off.findings, []);
});

test('cached host: repeated reads hit the cache until invalidated or expired', () => {
  const base = new MemoryHost({ '/ws/a': '1', '/ws/d/b': '2' });
  let reads = 0;
  const counting = { ...base, readFile: (p: string) => (reads++, base.readFile(p)), stat: (p: string) => base.stat(p), readDirectory: (p: string) => base.readDirectory(p) };
  let now = 0;
  const host = createCachedHost(counting, 1000, () => now);
  assert.equal(host.readFile('/ws/a'), '1');
  assert.equal(host.readFile('/ws/a'), '1');
  assert.equal(reads, 1);
  base.set('/ws/a', 'changed');
  assert.equal(host.readFile('/ws/a'), '1', 'cached until told');
  host.invalidate('/ws/a');
  assert.equal(host.readFile('/ws/a'), 'changed');
  base.set('/ws/a', 'again');
  now = 1500;
  assert.equal(host.readFile('/ws/a'), 'again', 'expired after the ttl');
  assert.deepEqual(host.readDirectory('/ws/d').map((e) => e.name), ['b']);
  base.set('/ws/d/c', '3');
  assert.deepEqual(host.readDirectory('/ws/d').map((e) => e.name), ['b'], 'listing cached');
  host.clear();
  assert.deepEqual(host.readDirectory('/ws/d').map((e) => e.name), ['b', 'c']);
});
