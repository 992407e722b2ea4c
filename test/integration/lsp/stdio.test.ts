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

test('rapid edits: published versions never go backwards and the last diagnostics match the final text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-lsp-'));
  const uri = pathToFileURL(join(dir, 'sites-available', 'app')).href;
  const lsp = await startLsp(pathToFileURL(dir).href, { initializationOptions: { debounceMs: 5 } });
  try {
    let text = 'server {\n    listen 80;\n}\n';
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text } });
    // Type "gzip on;" one character at a time inside the server block, without waiting.
    const typed = '    gzipp on;\n';
    for (let i = 0; i < typed.length; i++) {
      const at = text.indexOf('}');
      text = text.slice(0, at) + typed[i] + text.slice(at);
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text }] });
    }
    const finalVersion = typed.length + 1;
    const last = await lsp.nextDiagnostics(uri, (p) => p.version === finalVersion);
    assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range.start.line]), [['nginx-unknown-directive', 2]]);
    // The debounced full analysis publishes the edited document once more (same version): wait for it (bounded).
    const deadline = Date.now() + 10_000;
    while (lsp.published.filter((p) => p.uri === uri && p.version === finalVersion).length < 2) {
      assert.ok(Date.now() < deadline, 'the full analysis did not publish');
      await new Promise((r) => setTimeout(r, 10));
    }
    const versions = lsp.published.filter((p) => p.uri === uri && p.version !== undefined).map((p) => p.version!);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published versions went back: ${versions.join(',')}`);
    assert.equal(versions[versions.length - 1], finalVersion);
    assert.deepEqual(lsp.latest(uri)!.diagnostics.map((d) => d.code), ['nginx-unknown-directive']);
  } finally {
    await lsp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
