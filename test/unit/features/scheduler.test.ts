import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { createScheduler, type AnalysisResult } from '../../../server/src/lsp/analysis';
import { defaultSettings } from '../../../shared/src/settings';

/** Resolves when `cond()` holds, polling every few milliseconds (bounded). */
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function setup(roots: string[], host: MemoryHost, delayMs = 5) {
  const published: Array<{ result: AnalysisResult; changed: string[] }> = [];
  const s = createScheduler({
    delayMs,
    host,
    prepare: async () => undefined,
    scope: () => ({ roots, loose: [], settingsFor: () => defaultSettings }),
    publish: (result, changed) => published.push({ result, changed: [...changed] }),
    error: (e) => {
      throw e;
    },
  });
  return { s, published };
}

const BROKEN = 'server { allias /x; }\n';
const FIXED = 'server { root /x; }\n';

test('scheduler: changes within the debounce delay make one analysis, reporting every changed document', async () => {
  const host = new MemoryHost({ '/a/sites-available/x': BROKEN });
  const { s, published } = setup(['/a'], host, 20);
  s.schedule('/a/sites-available/x');
  s.schedule('/a/sites-available/y');
  s.schedule('/a/sites-available/x');
  await until(() => published.length === 1);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(published.length, 1);
  assert.deepEqual(published[0].changed.sort(), ['/a/sites-available/x', '/a/sites-available/y']);
  assert.deepEqual(published[0].result.findings.map((f) => f.code), ['nginx-unknown-directive']);
  s.dispose();
});

test('scheduler: a run superseded while it yields between folders publishes nothing; the next run sees the newest text', async () => {
  const host = new MemoryHost({ '/a/sites-available/x': BROKEN, '/b/sites-available/y': BROKEN });
  const { s, published } = setup(['/a', '/b'], host, 1);
  // The first folder's analysis edits the second folder's file (as a didChange arriving mid-run would).
  let injected = false;
  const read = host.readFile.bind(host);
  host.readFile = (p: string) => {
    if (!injected && p === '/a/sites-available/x') {
      injected = true;
      host.set('/b/sites-available/y', FIXED);
      s.schedule('/b/sites-available/y');
    }
    return read(p);
  };
  s.schedule('/a/sites-available/x');
  await until(() => published.length >= 1);
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(injected);
  assert.equal(published.length, 1, 'the superseded run published nothing');
  assert.deepEqual(published[0].result.findings.map((f) => f.file), ['/a/sites-available/x']);
  s.dispose();
});

test('scheduler: runNow analyses at once; after dispose nothing runs', async () => {
  const host = new MemoryHost({ '/a/sites-available/x': BROKEN });
  const { s, published } = setup(['/a'], host, 10_000);
  const r = await s.runNow();
  assert.equal(r?.findings.length, 1);
  assert.equal(published.length, 1);
  s.dispose();
  s.schedule('/a/sites-available/x');
  await new Promise((r2) => setTimeout(r2, 20));
  assert.equal(published.length, 1);
});

/** One folder with one nginx file of `servers` servers (a static location each): an analysis of a few hundred milliseconds. */
function bigFolder(servers: number): MemoryHost {
  let text = 'http {\n';
  for (let i = 0; i < servers; i++) text += `server {\n    listen 80;\n    server_name s${i}.example.com;\n    location /static {\n        alias /srv/s${i}/static/;\n    }\n}\n`;
  return new MemoryHost({ '/big/nginx.conf': `events {}\n${text}}\n` });
}

test('scheduler: one long folder analysis gives the event loop turns (a timer fires while it runs)', async () => {
  const host = bigFolder(4000);
  const { s, published } = setup(['/big'], host, 1);
  const started = performance.now();
  const ticks: number[] = [];
  const timer = setInterval(() => ticks.push(performance.now() - started), 5);
  try {
    s.schedule();
    await until(() => published.length === 1, 60_000);
    const total = performance.now() - started;
    assert.ok(published[0].result.findings.filter((f) => f.code === 'static-alias-traversal').length === 4000, 'the analysis completed');
    // Before: one synchronous checkPath, no tick until it returned. Now: ticks all along.
    const during = ticks.filter((t) => t < total - 20);
    assert.ok(during.length >= 5, `${during.length} timer ticks during a ${Math.round(total)} ms analysis`);
  } finally {
    clearInterval(timer);
    s.dispose();
  }
});

test('scheduler: a change while one long folder is analysed stops that run at its next slice; the next run publishes the new text', async () => {
  const host = bigFolder(4000);
  const { s, published } = setup(['/big'], host, 1);
  // At the first pause after the file was read (the run is in its slices): the user replaces the file.
  let edited = false;
  const read = host.readFile.bind(host);
  host.readFile = (p: string) => {
    if (!edited && p === '/big/nginx.conf') {
      edited = true;
      setImmediate(() => {
        assert.equal(published.length, 0, 'the first run is still going');
        host.set('/big/nginx.conf', 'events {}\nhttp {\n    server {\n        listen 80;\n        allias /x;\n    }\n}\n');
        s.schedule('/big/nginx.conf');
      });
    }
    return read(p);
  };
  s.schedule();
  await until(() => published.length >= 1, 60_000);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(published.length, 1, 'the superseded run published nothing');
  const codes = published[0].result.findings.map((f) => f.code);
  assert.ok(codes.includes('nginx-unknown-directive') && !codes.includes('static-alias-traversal'), codes.join(', '));
  s.dispose();
});
