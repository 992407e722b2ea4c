// Settings pulled from the client (workspace/configuration), re-read on didChangeConfiguration, and
// applied to live diagnostics; the topology graph request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLsp, type LspSession } from '../../helpers/lspClient';

let dir = '';
let lsp: LspSession;
const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deploylens-lsp-settings-'));
  const files: Record<string, string> = {
    'sites-available/app': 'server {\n    listen 80;\n    gzipp on;\n    location / { proxy_pass http://unix:/run/app.sock; }\n}\n',
    'deploy/app.service': '[Service]\nUser=www-data\nWorkingDirectory=/srv/app\nRuntimeDirectory=app\nExecStart=/srv/venv/bin/gunicorn --bind unix:/run/app.sock app:app\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  lsp = await startLsp(pathToFileURL(dir).href, { settings: { rules: { 'nginx-unknown-directive': 'warning' } }, initializationOptions: { debounceMs: 20 } });
});

after(async () => {
  await lsp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('per-rule severities pulled from the client apply; a configuration change re-reads them', async () => {
  const site = uri('sites-available/app');
  const first = lsp.latest(site) ?? (await lsp.nextDiagnostics(site, (p) => p.diagnostics.length > 0));
  const d = first.diagnostics.find((x) => x.code === 'nginx-unknown-directive');
  assert.equal(d?.severity, 2, 'warning, as the settings say');
  lsp.setSettings({ rules: { 'nginx-unknown-directive': 'off' } });
  const cleared = lsp.nextDiagnostics(site, (p) => !p.diagnostics.some((x) => x.code === 'nginx-unknown-directive'));
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await cleared;
  // Ill-typed values are dropped, not applied: the rule is back to its default severity (error).
  lsp.setSettings({ rules: { 'nginx-unknown-directive': 'loud' } });
  const back = lsp.nextDiagnostics(site, (p) => p.diagnostics.some((x) => x.code === 'nginx-unknown-directive' && x.severity === 1));
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await back;
});

test('deploylens/topology: the graph of the folder, and a notification after each analysis', async () => {
  const r = (await lsp.connection.sendRequest('deploylens/topology', {})) as { folderUri: string; version: number; graph: { nodes: Array<{ kind: string; label: string }>; edges: unknown[] } };
  assert.equal(r.folderUri, pathToFileURL(dir).href);
  assert.ok(r.version >= 1);
  const kinds = new Set(r.graph.nodes.map((n) => n.kind));
  for (const k of ['listen', 'server', 'location', 'socket', 'gunicorn']) assert.ok(kinds.has(k), `no ${k} node in ${JSON.stringify(r.graph.nodes.map((n) => n.label))}`);
  assert.ok(r.graph.nodes.some((n) => n.label.includes('/run/app.sock')));
  // The notification of the analysis `r` came from may still be on its way: wait for a newer one.
  const changed = new Promise<{ version: number }>((resolve) =>
    lsp.connection.onNotification('deploylens/topologyChanged', (p: { version: number }) => {
      if (p.version > r.version) resolve(p);
    }),
  );
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('sites-available/app'), languageId: 'nginx', version: 1, text: 'server { listen 8080; }\n' } });
  const v = (await changed).version;
  assert.ok(v > r.version, `${v} > ${r.version}`);
  const again = (await lsp.connection.sendRequest('deploylens/topology', {})) as { graph: { nodes: Array<{ label: string }> } };
  assert.ok(again.graph.nodes.some((n) => n.label.includes('8080')), JSON.stringify(again.graph.nodes.map((n) => n.label)));
});
