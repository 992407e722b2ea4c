/**
 * The language server under a long analysis, over `deploylens lsp --stdio`: a workspace with a 2 MB
 * nginx file (13,000+ servers; its analysis takes seconds) and a small site being edited.
 *
 * - Between analyses, hover and completion answer within 1 s (p95 of 20 requests; 2-300 ms measured,
 *   depending on the machine's load).
 * - Edits made while the long analysis runs are not lost: the diagnostics finally published for the
 *   edited file are those of its last text (superseded runs publish nothing stale), within 90 s.
 * - A request sent *while* the analysis runs does not wait for it: the analysis works in slices of
 *   ~25 ms (`checkPathSteps` pauses between configurations, servers, instances and rules) and the
 *   server answers between them; what is left is the longest part that cannot pause (parsing or
 *   validating the 2 MB file, publishing 13,000 diagnostics): 250-340 ms measured on an idle 2-core
 *   machine (before the slices: 2.5 s, the whole analysis). The bound: 1 s, or half of the analysis
 *   and its publication when a loaded machine makes those longer (the pieces grow with them; a
 *   server that did not yield would wait for all of it).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLsp, type LspSession } from '../../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'deploylens-lsp-busy-'));
const SMALL = 'server {\n    listen 80;\n    server_name example.com;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n';
const smallPath = join(root, 'small', 'site.conf');
const bigPath = join(root, 'big.conf');
const smallUri = pathToFileURL(smallPath).href;
const bigUri = pathToFileURL(bigPath).href;
let lsp: LspSession;
/** How long the hover sent during the first analysis waited (for the todo test's report). */
let hoverDuringAnalysisMs = -1;

before(async () => {
  let text = '';
  for (let i = 0; text.length < 2 * 1024 * 1024; i++) text += `server {\n    listen 80;\n    server_name s${i}.example.com;\n    location /static {\n        alias /srv/s${i}/static/;\n    }\n}\n`;
  writeFileSync(bigPath, text);
  mkdirSync(join(root, 'small'));
  writeFileSync(smallPath, SMALL);
  lsp = await startLsp(pathToFileURL(root).href);
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'nginx', version: 1, text: SMALL } });
  // Hovers sent one after the other until the first analysis has published: the slowest is one
  // that arrived while the analysis ran.
  const deadline = performance.now() + 120_000;
  while (!lsp.latest(bigUri)?.diagnostics.length && performance.now() < deadline) {
    const t = performance.now();
    await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 2, character: 6 } });
    hoverDuringAnalysisMs = Math.max(hoverDuringAnalysisMs, performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(`slowest hover during the analysis of a 2 MB workspace: ${Math.round(hoverDuringAnalysisMs)} ms`);
  if (!lsp.latest(bigUri)?.diagnostics.length) await lsp.nextDiagnostics(bigUri, (p) => p.diagnostics.length > 0, 1000);
});

after(async () => {
  await lsp?.stop();
  rmSync(root, { recursive: true, force: true });
});

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

test('between analyses, hover and completion answer within 1 s (p95 of 20)', async () => {
  assert.ok((lsp.latest(bigUri)?.diagnostics.length ?? 0) > 13_000, 'the big file was analysed');
  // The open document scheduled another run: deploylens/checkWorkspace answers once an analysis completed, with nothing pending after it.
  await lsp.connection.sendRequest('deploylens/checkWorkspace', {});
  const hover: number[] = [];
  const completion: number[] = [];
  for (let i = 0; i < 20; i++) {
    let t = performance.now();
    const h = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 2, character: 6 } })) as { contents: { value: string } } | null;
    hover.push(performance.now() - t);
    assert.ok(h && /server_name/.test(h.contents.value));
    t = performance.now();
    const c = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: smallUri }, position: { line: 4, character: 8 } })) as { items: unknown[] } | unknown[] | null;
    completion.push(performance.now() - t);
    assert.ok(c && (Array.isArray(c) ? c.length : c.items.length) > 0);
  }
  console.log(`idle: hover p95 ${p95(hover).toFixed(1)} ms, completion p95 ${p95(completion).toFixed(1)} ms`);
  assert.ok(p95(hover) < 1000, `hover p95 ${p95(hover)} ms`);
  assert.ok(p95(completion) < 1000, `completion p95 ${p95(completion)} ms`);
});

test('edits during a long analysis are not lost: the last text wins, nothing stale is published', async () => {
  const texts = [SMALL.replace('listen 80;', 'listen 80;\n    bogus_directive on;'), SMALL.replace('listen 80;', 'listen 80;\n    server_tokens on;'), SMALL];
  // The first edit starts a long workspace analysis; the next ones supersede it while it runs.
  texts.forEach((text, i) => void lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: smallUri, version: i + 2 }, contentChanges: [{ text }] }));
  const last = texts[texts.length - 1];
  assert.equal(last, SMALL);
  // Wait until the published diagnostics of the small file are those of its final text (none of the first two edits' codes).
  const deadline = performance.now() + 90_000;
  for (;;) {
    const codes = (lsp.latest(smallUri)?.diagnostics ?? []).map((d) => String(d.code));
    if (!codes.includes('nginx-unknown-directive') && !codes.includes('server-tokens') && lsp.published.some((p) => p.uri === smallUri && p.version === 4)) break;
    if (performance.now() > deadline) assert.fail(`stale diagnostics after 90 s: ${codes.join(', ')}`);
    await lsp.nextDiagnostics(smallUri, () => true, Math.max(1, deadline - performance.now())).catch(() => undefined);
  }
  // The big file still has its findings (the workspace analysis completed after the edits).
  assert.ok((lsp.latest(bigUri)?.diagnostics.length ?? 0) > 13_000);
});

test('a request sent while a long analysis runs does not wait for it (1 s, or half the analysis on a loaded machine)', async () => {
  assert.ok(hoverDuringAnalysisMs >= 0);
  const t = (await lsp.connection.sendRequest('deploylens/debug/timings', {})) as Record<string, { wallMs: number[] } | undefined>;
  const first = (kind: string) => t[kind]?.wallMs[0] ?? 0;
  const analysisMs = first('analysis') + first('publish');
  assert.ok(analysisMs > 0, 'the server reported its analysis time');
  const bound = Math.max(1000, analysisMs / 2);
  console.log(`first analysis + publication: ${Math.round(analysisMs)} ms; slowest hover meanwhile: ${Math.round(hoverDuringAnalysisMs)} ms (bound ${Math.round(bound)} ms)`);
  assert.ok(hoverDuringAnalysisMs < bound, `hover waited ${Math.round(hoverDuringAnalysisMs)} ms for an analysis of ${Math.round(analysisMs)} ms`);
});
