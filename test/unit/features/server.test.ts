// The language server in-process over an in-memory host: a feature that throws on crafted input
// answers empty, the error is logged, and the server keeps serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { startServer } from '../../../server/src/lsp/server';

test('a feature that throws answers null, logs the stack, and the next request is served', async () => {
  const base = new MemoryHost({ '/ws/nginx/nginx.conf': 'events {}\nhttp { include snippets/*.conf; }\n', '/ws/nginx/snippets/a.conf': 'gzip on;\n' });
  // Crafted input: listing this folder throws (a host bug, an I/O error surfacing as an exception).
  const readDirectory = base.readDirectory.bind(base);
  base.readDirectory = (p: string) => {
    if (p.includes('/boom')) throw new Error('crafted failure in readDirectory');
    return readDirectory(p);
  };
  const up = new PassThrough();
  const down = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(serverConnection, base, { debounceMs: 5 });
  serverConnection.listen();
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const logs: string[] = [];
  client.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  client.listen();
  try {
    await client.sendRequest('initialize', { processId: null, rootUri: 'file:///ws', capabilities: {}, workspaceFolders: [{ uri: 'file:///ws', name: 'ws' }] });
    await client.sendNotification('initialized', {});
    const uri = 'file:///ws/nginx/sites-available/app';
    const text = 'server {\n    include boom/x;\n    listen 80;\n}\n';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text } });
    const r = await client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 17 } });
    assert.equal(r, null);
    assert.ok(logs.some((l) => l.includes('completion failed') && l.includes('crafted failure in readDirectory')), logs.join('\n'));
    const hover = (await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /listen/);
    const symbols = (await client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as Array<{ name: string }>;
    assert.deepEqual(symbols.map((s) => s.name), ['server']);
  } finally {
    await client.sendRequest('shutdown');
    client.dispose();
    serverConnection.dispose();
  }
});
