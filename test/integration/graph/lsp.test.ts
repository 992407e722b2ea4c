// The topology preview's requests over the real `deploylens lsp --stdio`: deploylens/topology,
// deploylens/tryUrl and deploylens/appUrls answer from the same analysis, from the unsaved texts,
// and a deploylens/topologyChanged follows an edit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppUrl, DeploymentGraph, GraphRoute } from '../../../shared/src/graph';
import { repoRoot } from '../../helpers/cli';
import { startLsp, type LspSession } from '../../helpers/lspClient';
import { generatedSite } from '../../unit/render/workspace';

let dir = '';
let lsp: LspSession;
const UNIT = 'deploy/systemd/myproject.service';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deploylens-lsp-graph-'));
  cpSync(join(repoRoot, 'examples', 'pybo'), dir, { recursive: true });
  lsp = await startLsp(pathToFileURL(dir).href, { initializationOptions: { debounceMs: 20 } });
});
after(async () => {
  await lsp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const tryUrl = (url: string) => lsp.connection.sendRequest('deploylens/tryUrl', { url }) as Promise<GraphRoute>;

test('tryUrl and appUrls on the example: ids of the graph the topology request returns', { timeout: 60_000 }, async () => {
  const topo = (await lsp.connection.sendRequest('deploylens/topology', {})) as { graph: DeploymentGraph; version: number };
  const ids = new Set([...topo.graph.nodes.map((n) => n.id), ...topo.graph.edges.map((e) => e.id)]);
  const r = await tryUrl('http://pybo.example.com/static/style.css');
  assert.equal(r.outcome, 'static');
  assert.ok(r.nodeIds.length === 5 && r.nodeIds.every((id) => ids.has(id)), JSON.stringify(r.nodeIds));
  assert.ok(r.edgeIds.every((id) => ids.has(id)));
  assert.match(r.steps.map((s) => s.message).join('\n'), /in the workspace: pybo\/static\/style\.css/);
  const urls = (await lsp.connection.sendRequest('deploylens/appUrls', {})) as AppUrl[];
  assert.deepEqual(
    urls.map((u) => [u.url, u.outcome]),
    [
      ['http://pybo.example.com/static/style.css', 'nginx-disk'],
      ['http://pybo.example.com/', 'app'],
      ['http://pybo.example.com/hello', 'app'],
    ],
  );
  const bad = await tryUrl('gopher://x');
  assert.equal(bad.ok, false);
});

test('an unsaved edit of the unit bind: topologyChanged, then the proxied request stops at the unbound socket', { timeout: 60_000 }, async () => {
  const uri = pathToFileURL(join(dir, UNIT)).href;
  const text = readFileSync(join(dir, UNIT), 'utf8');
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd-unit', version: 1, text } });
  const changed = new Promise<{ version: number }>((resolve) => lsp.connection.onNotification('deploylens/topologyChanged', (p: { version: number }) => resolve(p)));
  await lsp.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: text.replace('unix:/run/myproject/gunicorn.sock', 'unix:/run/myproject/other.sock') }],
  });
  const { version } = await changed;
  // A route answers from an analysis at least as new as the notification.
  for (let i = 0; i < 50; i++) {
    const topo = (await lsp.connection.sendRequest('deploylens/topology', {})) as { graph: DeploymentGraph; version: number };
    if (topo.version >= version && topo.graph.edges.some((e) => e.status === 'error')) break;
    await new Promise((r) => lsp.connection.onNotification('deploylens/topologyChanged', r));
  }
  const r = await tryUrl('http://pybo.example.com/');
  assert.ok(r.nodeIds.includes('socket:/run/myproject/gunicorn.sock'));
  assert.ok(!r.nodeIds.some((id) => id.startsWith('gunicorn:')), JSON.stringify(r.nodeIds));
  assert.match(r.steps.map((s) => s.message).join('\n'), /no gunicorn instance of this workspace listens/);
});

test('a 200-location workspace: from an edit to the new graph on the client (server side of the 300 ms budget)', { timeout: 90_000 }, async () => {
  const big = mkdtempSync(join(tmpdir(), 'deploylens-lsp-graph-200-'));
  const files: Record<string, string> = {
    'deploy/nginx/sites-available/gen': generatedSite(200),
    'deploy/systemd/gen.service': '[Service]\nUser=www-data\nWorkingDirectory=/srv/gen\nRuntimeDirectory=gen\nExecStart=/srv/venv/bin/gunicorn --workers 3 --bind unix:/run/gen/gunicorn.sock app:app\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(big, rel)), { recursive: true });
    writeFileSync(join(big, rel), text);
  }
  // No debounce: the time measured is the work after the user paused typing.
  const s = await startLsp(pathToFileURL(big).href, { initializationOptions: { debounceMs: 0 } });
  try {
    const first = (await s.connection.sendRequest('deploylens/topology', {})) as { graph: DeploymentGraph; version: number };
    assert.ok(first.graph.nodes.length > 250);
    const uri = pathToFileURL(join(big, 'deploy/systemd/gen.service')).href;
    const text = files['deploy/systemd/gen.service'];
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd-unit', version: 1, text } });
    await new Promise((r) => s.connection.onNotification('deploylens/topologyChanged', r));
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const broken = i % 2 === 0;
      let changed = new Promise((r) => s.connection.onNotification('deploylens/topologyChanged', r));
      const t0 = performance.now();
      await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 + i }, contentChanges: [{ text: broken ? text.replace('gunicorn.sock', 'other.sock') : text }] });
      // The first notification may be of an analysis that started before the edit: take the first graph that shows it.
      for (let n = 0; ; n++) {
        await changed;
        changed = new Promise((r) => s.connection.onNotification('deploylens/topologyChanged', r));
        const g = (await s.connection.sendRequest('deploylens/topology', {})) as { graph: DeploymentGraph };
        if (g.graph.edges.some((e) => e.status === 'error' && e.to === 'socket:/run/gen/gunicorn.sock') === broken) break;
        assert.ok(n < 5, 'the graph shows the edit after a few analyses');
      }
      times.push(performance.now() - t0);
    }
    process.stderr.write(`server: edit -> topologyChanged -> graph of ${first.graph.nodes.length} nodes: ${times.map((t) => t.toFixed(0)).join(', ')} ms\n`);
    assert.ok(Math.min(...times) < 2000, `the server took ${times.join(', ')} ms`);
  } finally {
    await s.stop();
    rmSync(big, { recursive: true, force: true });
  }
});
