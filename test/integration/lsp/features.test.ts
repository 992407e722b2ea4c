// The real `deploylens lsp --stdio` on a fixture workspace written to a temp dir: live cross-file
// diagnostics, every editor feature over the protocol, settings, classification by path and content,
// and a handler that throws without taking the server down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLsp, type LspSession } from '../../helpers/lspClient';

const SITE = [
  'upstream backend { server 127.0.0.1:8001; }',
  'server {',
  '    listen 80;',
  '    server_name app.example.com;',
  '    include snippets/common.conf;',
  '    location /static/ { alias /home/ubuntu/proj/static/; }',
  '    location /api/ { proxy_pass http://backend; }',
  '    location / { proxy_pass http://unix:/run/app.sock; }',
  '}',
  '',
].join('\n');

const UNIT = ['[Service]', 'User=www-data', 'WorkingDirectory=/home/ubuntu/proj', 'RuntimeDirectory=app', 'ExecStart=/home/ubuntu/venv/bin/gunicorn --workers 2 --bind unix:/run/other.sock "pybo:create_app()"', ''].join('\n');

const FILES: Record<string, string> = {
  'nginx/nginx.conf': 'events {}\nhttp {\n    include sites-available/*;\n}\n',
  'nginx/sites-available/app': SITE,
  'nginx/snippets/common.conf': 'client_max_body_size 10m;\n',
  'nginx/conf.d/old.conf': 'gzipp on;\n',
  'deploy/app.service': UNIT,
  'static/style.css': 'body {}\n',
  'pybo/__init__.py': 'from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n',
};

let dir = '';
let lsp: LspSession;
const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
const pos = (text: string, needle: string, delta = 0): { line: number; character: number } => {
  const i = text.indexOf(needle) + delta;
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};
const open = (rel: string, text = FILES[rel], languageId = 'nginx'): Promise<void> =>
  lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId, version: 1, text } });
let version = 1;
const replaceAll = (rel: string, text: string): Promise<void> =>
  lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: ++version }, contentChanges: [{ text }] });
const codes = (p: { diagnostics: Array<{ code?: unknown }> }): unknown[] => p.diagnostics.map((d) => d.code).sort();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deploylens-lsp-features-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  lsp = await startLsp(pathToFileURL(dir).href, { initializationOptions: { trusted: true, debounceMs: 20 }, env: { DEPLOYLENS_TEST_HOOKS: '1' } });
});

after(async () => {
  await lsp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('initialize advertises every feature and the custom checkWorkspace request', () => {
  const c = lsp.capabilities as Record<string, unknown> & { experimental?: { deploylens?: { checkWorkspace?: boolean } } };
  for (const k of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'documentLinkProvider', 'selectionRangeProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider', 'codeActionProvider']) {
    assert.ok(c[k], `${k} missing`);
  }
  assert.equal(c.experimental?.deploylens?.checkWorkspace, true);
});

test('the first analysis publishes diagnostics for files nobody opened', async () => {
  const p = lsp.latest(uri('nginx/conf.d/old.conf')) ?? (await lsp.nextDiagnostics(uri('nginx/conf.d/old.conf')));
  assert.deepEqual(codes(p), ['nginx-unknown-directive']);
});

test('cross-file: nginx proxies to a socket the gunicorn unit does not bind; fixing the unsaved unit clears the nginx error', async () => {
  const site = uri('nginx/sites-available/app');
  // The socket's line (the upstream's 127.0.0.1:8001 is not bound either: that error stays).
  const socketLine = pos(SITE, '/run/app.sock').line;
  const onSocket = (p: { diagnostics: Array<{ code?: unknown; range: { start: { line: number } } }> }): boolean => p.diagnostics.some((d) => d.code === 'proxy-target-not-bound' && d.range.start.line === socketLine);
  const first = lsp.latest(site) ?? (await lsp.nextDiagnostics(site, onSocket));
  const err = first.diagnostics.find((d) => d.code === 'proxy-target-not-bound' && d.range.start.line === socketLine);
  assert.ok(err, JSON.stringify(first.diagnostics));
  assert.match(String(err.message), /unix:\/run\/app\.sock/);
  const cleared = lsp.nextDiagnostics(site, (p) => !onSocket(p) && p.diagnostics.some((d) => d.code === 'proxy-target-not-bound'));
  await open('deploy/app.service', UNIT, 'systemd-unit');
  await replaceAll('deploy/app.service', UNIT.replace('/run/other.sock', '/run/app.sock'));
  await cleared;
  // And back: breaking the bind again brings the error back.
  const again = lsp.nextDiagnostics(site, onSocket);
  await replaceAll('deploy/app.service', UNIT);
  await again;
});

test('cross-file: an unsaved buffer at a missing include target resolves the includer\'s error', async () => {
  const rel = 'nginx/sites-available/app';
  const withMissing = SITE.replace('snippets/common.conf', 'snippets/new.conf');
  const missing = lsp.nextDiagnostics(uri(rel), (p) => p.diagnostics.some((d) => String(d.code).startsWith('nginx-include')));
  await open(rel, withMissing);
  await missing;
  const resolved = lsp.nextDiagnostics(uri(rel), (p) => !p.diagnostics.some((d) => String(d.code).startsWith('nginx-include')));
  await open('nginx/snippets/new.conf', 'gzip on;\n');
  await resolved;
  await replaceAll(rel, SITE);
});

test('completion, hover, definition, references over the protocol', async () => {
  const rel = 'nginx/sites-available/app';
  await open(rel, SITE);
  const items = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(rel) }, position: pos(SITE, 'proxy_pass http://backend', 0) })) as { items: Array<{ label: string }> };
  const labels = items.items.map((i) => i.label);
  assert.ok(labels.includes('proxy_pass') && labels.includes('alias') && !labels.includes('server_name'));

  const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(rel) }, position: pos(SITE, 'server_name', 3) })) as { contents: { value: string } };
  assert.match(hover.contents.value, /server_name name \.\.\.;/);

  const defs = (await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(rel) }, position: pos(SITE, 'http://backend', 9) })) as Array<{ uri: string; range: { start: { line: number } } }>;
  assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[uri(rel), 0]]);

  const incl = (await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(rel) }, position: pos(SITE, 'snippets/common.conf', 3) })) as Array<{ uri: string }>;
  assert.deepEqual(incl.map((d) => d.uri), [uri('nginx/snippets/common.conf')]);

  const refs = (await lsp.connection.sendRequest('textDocument/references', { textDocument: { uri: uri(rel) }, position: pos(SITE, 'upstream backend', 10), context: { includeDeclaration: true } })) as Array<{ range: { start: { line: number } } }>;
  assert.deepEqual(refs.map((r) => r.range.start.line).sort(), [0, 6]);
});

test('socket: definition jumps to the unit\'s bind; rename changes nginx and the unit in one edit', async () => {
  const rel = 'nginx/sites-available/app';
  const unit = UNIT.replace('/run/other.sock', '/run/app.sock');
  await replaceAll('deploy/app.service', unit);
  const at = pos(SITE, '/run/app.sock', 2);
  const defs = (await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(rel) }, position: at })) as Array<{ uri: string; range: { start: unknown } }>;
  assert.deepEqual(defs.map((d) => [d.uri, d.range.start]), [[uri('deploy/app.service'), pos(unit, '/run/app.sock')]]);

  const prep = (await lsp.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: uri(rel) }, position: at })) as { placeholder: string };
  assert.equal(prep.placeholder, '/run/app.sock');
  const edit = (await lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri: uri(rel) }, position: at, newName: '/run/app/gunicorn.sock' })) as { changes: Record<string, Array<{ newText: string }>> };
  assert.deepEqual(Object.keys(edit.changes).sort(), [uri('deploy/app.service'), uri(rel)].sort());
  assert.ok(Object.values(edit.changes).every((list) => list.every((e) => e.newText === '/run/app/gunicorn.sock')));

  const refused = await lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri: uri(rel) }, position: at, newName: 'relative.sock' }).then(
    () => 'accepted',
    (e: Error) => e.message,
  );
  assert.match(refused, /not an absolute socket path/);
});

test('symbols, folding, links, selection ranges, formatting', async () => {
  const rel = 'nginx/sites-available/app';
  const td = { textDocument: { uri: uri(rel) } };
  const symbols = (await lsp.connection.sendRequest('textDocument/documentSymbol', td)) as Array<{ name: string; detail?: string; children?: Array<{ name: string }> }>;
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail]),
    [
      ['upstream backend', '127.0.0.1:8001'],
      ['server app.example.com', 'listen 80'],
    ],
  );
  assert.deepEqual(symbols[1].children!.map((c) => c.name), ['location /static/', 'location /api/', 'location /']);

  const folds = (await lsp.connection.sendRequest('textDocument/foldingRange', td)) as Array<{ startLine: number; endLine: number }>;
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[1, 7]]);

  const links = (await lsp.connection.sendRequest('textDocument/documentLink', td)) as Array<{ target: string }>;
  assert.deepEqual(links.map((l) => l.target), [uri('nginx/snippets/common.conf'), uri('static')]);

  const sel = (await lsp.connection.sendRequest('textDocument/selectionRange', { ...td, positions: [pos(SITE, 'backend;', 2)] })) as Array<{ range: { start: { character: number }; end: { character: number } }; parent?: unknown }>;
  assert.equal(sel.length, 1);
  assert.ok(sel[0].parent, 'the word has enclosing ranges');

  const messy = 'server {\nlisten 80;\n      location / { return 200; }\n}\n';
  await replaceAll(rel, messy);
  const edits = (await lsp.connection.sendRequest('textDocument/formatting', { ...td, options: { tabSize: 4, insertSpaces: true } })) as Array<{ range: unknown; newText: string }>;
  assert.ok(edits.length > 0);
  assert.ok(edits.every((e) => /^\s*$/.test(e.newText)), 'only whitespace is inserted');
  const ranged = (await lsp.connection.sendRequest('textDocument/rangeFormatting', { ...td, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }, options: { tabSize: 2, insertSpaces: true } })) as Array<{ range: { start: unknown; end: unknown }; newText: string }>;
  // Only the selected line is re-indented; the other lines stay as they were.
  assert.deepEqual(ranged.map((e) => [e.range.start, e.range.end, e.newText]), [[{ line: 1, character: 0 }, { line: 1, character: 0 }, '  ']]);
  await replaceAll(rel, SITE);
});

test('code actions: the rule\'s fixes and the disable comments', async () => {
  const rel = 'nginx/conf.d/old.conf';
  await open(rel, FILES[rel]);
  const diags = lsp.latest(uri(rel)) ?? (await lsp.nextDiagnostics(uri(rel), (p) => p.diagnostics.length > 0));
  const d = diags.diagnostics[0];
  const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(rel) }, range: d.range, context: { diagnostics: [d] } })) as Array<{ title: string; edit: { changes: Record<string, Array<{ newText: string }>> }; diagnostics?: unknown[] }>;
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Disable nginx-unknown-directive for this line'), titles.join(' | '));
  assert.ok(titles.includes('Disable nginx-unknown-directive for this file'));
  const disable = actions.find((a) => a.title.endsWith('for this line'))!;
  assert.deepEqual(disable.diagnostics, [d]);
  assert.equal(disable.edit.changes[uri(rel)][0].newText, '# deploylens-disable-next-line nginx-unknown-directive\n');
  // Applying it (as the editor would) clears the diagnostic.
  const cleared = lsp.nextDiagnostics(uri(rel), (p) => p.diagnostics.length === 0);
  await replaceAll(rel, '# deploylens-disable-next-line nginx-unknown-directive\n' + FILES[rel]);
  await cleared;
});

test('classification by path and content: a plaintext buffer in sites-available and an nginx buffer with no telling path', async () => {
  const plain = 'nginx/sites-available/plain';
  const got = lsp.nextDiagnostics(uri(plain), (p) => p.diagnostics.length > 0);
  await open(plain, 'server {\n    lissten 80;\n}\n', 'plaintext');
  assert.deepEqual(codes(await got), ['nginx-unknown-directive']);
  const odd = 'notes/site.txt';
  const got2 = lsp.nextDiagnostics(uri(odd), (p) => p.diagnostics.length > 0);
  await open(odd, 'server {\n    lissten 80;\n}\n', 'nginx');
  assert.deepEqual(codes(await got2), ['nginx-unknown-directive']);
  const untitled = 'untitled:Untitled-1';
  const got3 = lsp.nextDiagnostics(untitled, (p) => p.diagnostics.length > 0);
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: untitled, languageId: 'nginx', version: 1, text: 'server { lissten 80; }\n' } });
  assert.deepEqual(codes(await got3), ['nginx-unknown-directive']);
});

test('a handler that throws answers null, logs, and the server keeps serving', async () => {
  const r = await lsp.connection.sendRequest('deploylens/test/throw', {});
  assert.equal(r, null);
  assert.ok(lsp.logs.some((l) => l.includes('test hook: a handler that throws')), lsp.logs.join('\n'));
  const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('nginx/sites-available/app') }, position: pos(SITE, 'listen', 2) })) as { contents: { value: string } } | null;
  assert.ok(hover && /listen/.test(hover.contents.value));
});

test('deploylens/checkWorkspace answers with the counts of the whole workspace', async () => {
  const r = (await lsp.connection.sendRequest('deploylens/checkWorkspace', {})) as { files: number; errors: number; warnings: number; others: number };
  assert.ok(r.files >= 5, JSON.stringify(r));
  assert.ok(r.errors >= 1, JSON.stringify(r));
});

test('gunicorn side: completion of options, hover with the effective value, WSGI target -> the Python factory', async () => {
  const rel = 'deploy/app.service';
  const unit = UNIT.replace('--workers 2', '--workers 2 --ti');
  await replaceAll(rel, unit);
  const items = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(rel) }, position: pos(unit, '--ti', 4) })) as { items: Array<{ label: string }> };
  assert.ok(items.items.some((i) => i.label === '--timeout'));
  await replaceAll(rel, UNIT);
  const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(rel) }, position: pos(UNIT, '--workers', 3) })) as { contents: { value: string } };
  assert.match(hover.contents.value, /\*\*workers\*\*/);
  assert.match(hover.contents.value, /`2` \(from the command line, app\.service line 5\)/);
  const defs = (await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(rel) }, position: pos(UNIT, 'create_app', 2) })) as Array<{ uri: string; range: { start: { line: number } } }>;
  assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[uri('pybo/__init__.py'), 3]]);
});
