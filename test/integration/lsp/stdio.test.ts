import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLsp } from '../../helpers/lspClient';

test('deploylens lsp --stdio publishes nginx diagnostics for unsaved text and clears them after the edit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-lsp-'));
  const uri = pathToFileURL(join(dir, 'sites-available', 'app')).href;
  const lsp = await startLsp(pathToFileURL(dir).href);
  try {
    const broken = 'server {\n    listen 80;\n    location /static/ { allias /srv/static/; }\n}\n';
    const first = lsp.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text: broken } });
    const d = await first;
    assert.equal(d.diagnostics.length, 1);
    assert.equal(d.diagnostics[0].code, 'nginx-unknown-directive');
    assert.deepEqual(d.diagnostics[0].range, { start: { line: 2, character: 24 }, end: { line: 2, character: 30 } });

    const cleared = lsp.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await lsp.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 24 }, end: { line: 2, character: 30 } }, text: 'alias' }],
    });
    assert.deepEqual((await cleared).diagnostics, []);
  } finally {
    await lsp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
