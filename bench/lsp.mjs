#!/usr/bin/env node
// Language server round trips over stdio, against the bundled `deploylens lsp --stdio`:
// 1. a 2,000-line nginx site: 200 single-character edits (each breaks or repairs a directive name),
//    edit -> published diagnostics for that version (p50/p95: the fast path re-checks the nginx
//    configuration at once; the whole-workspace analysis follows the pause, measured separately);
//    then completion and hover latency (p50/p95);
// 2. a workspace of 500 sites (and the 500 systemd units they proxy to): initialize -> the first
//    analysis published (`deploylens/status`), and a `deploylens/checkWorkspace` round trip;
// 3. the server's resident memory (VmRSS, and the peak VmHWM) after each part.
// The server runs as the VS Code client starts it: dist/server.js with the client's Node flags
// (shared/src/serverProcess.json); part 1 runs again on `deploylens lsp --stdio` under Node's
// defaults (how another editor starts it from the README), for its memory.
// Prints the figures against the targets and writes bench/results/lsp.json.
// Usage: node bench/lsp.mjs [--edits N] [--sites N] [--no-build] [--profile DIR] [--node-arg FLAG ...]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = new URL('..', import.meta.url).pathname;
const arg = (name, d) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d);
const EDITS = arg('--edits', 200);
const SITES = arg('--sites', 500);
const cli = join(root, 'dist', 'cli.js');
const SERVER_NODE_FLAGS = JSON.parse(readFileSync(join(root, 'shared', 'src', 'serverProcess.json'), 'utf8')).nodeFlags;
/** How a part starts the server: as the VS Code client does, or as `deploylens lsp --stdio`. */
const LAUNCH = {
  vscode: { label: `dist/server.js ${SERVER_NODE_FLAGS.join(' ')} (as VS Code starts it)`, argv: [...SERVER_NODE_FLAGS, join(root, 'dist', 'server.js'), '--stdio'] },
  cli: { label: 'deploylens lsp --stdio (Node defaults)', argv: [cli, 'lsp', '--stdio'] },
};
const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && !process.argv.includes('--no-build') && spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

/** A realistic site of about `lines` lines: servers with many locations, proxies, statics, maps, comments. */
export function bigSite(lines) {
  const out = ['# generated site for the language server benchmark', 'map $http_upgrade $connection_upgrade {', '    default upgrade;', "    ''      close;", '}', ''];
  out.push('upstream app_backend {', '    server 127.0.0.1:8000;', '    keepalive 16;', '}', '');
  let s = 0;
  while (out.length < lines - 12) {
    out.push('server {', '    listen 80;', `    server_name site${s}.example.com www.site${s}.example.com;`, '    client_max_body_size 10m;', '');
    for (let l = 0; l < 20 && out.length < lines - 16; l++) {
      out.push(`    # section ${s}.${l}`);
      out.push(`    location /app${l}/ {`, '        proxy_pass http://app_backend;', '        proxy_set_header Host $host;', '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', '        proxy_read_timeout 60s;', '    }');
      out.push(`    location /static${l}/ {`, `        alias /srv/site${s}/static${l}/;`, '        expires 7d;', '    }', '');
    }
    out.push('    location / {', '        proxy_pass http://unix:/run/app.sock;', '    }', '}', '');
    s++;
  }
  return out.join('\n') + '\n';
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples) {
  return { n: samples.length, p50: +percentile(samples, 50).toFixed(2), p95: +percentile(samples, 95).toFixed(2), max: +Math.max(...samples).toFixed(2) };
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMB: +(kb('VmRSS') / 1024).toFixed(1), peakMB: +(kb('VmHWM') / 1024).toFixed(1) };
}

/** What VS Code announces of what matters here: shared completion edit ranges, markdown. */
const CLIENT_CAPABILITIES = { textDocument: { completion: { completionList: { itemDefaults: ['editRange'] }, completionItem: { documentationFormat: ['markdown'] } } } };

/** Starts the server; resolves after `initialized`, with helpers to wait for notifications. */
async function start(dir, initializationOptions, launch = LAUNCH.vscode) {
  // --profile DIR: a CPU profile of the server process (node --cpu-prof) for each part.
  const prof = process.argv.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[process.argv.indexOf('--profile') + 1]}`] : [];
  // --node-arg X (repeatable): a V8/node flag for the server process, to compare settings.
  const nodeArgs = process.argv.flatMap((a, i) => (a === '--node-arg' ? [process.argv[i + 1]] : []));
  const child = spawn(process.execPath, [...prof, ...nodeArgs, ...launch.argv], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const listeners = [];
  const on = (method) => connection.onNotification(method, (p) => {
    for (const l of [...listeners]) if (l.method === method && l.accept(p)) {
      listeners.splice(listeners.indexOf(l), 1);
      l.resolve(p);
    }
  });
  on('textDocument/publishDiagnostics');
  on('deploylens/status');
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  connection.listen();
  const wait = (method, accept = () => true, ms = 60_000) =>
    new Promise((resolve, reject) => {
      const l = { method, accept, resolve: (p) => (clearTimeout(t), resolve(p)) };
      const t = setTimeout(() => reject(new Error(`timeout waiting for ${method}`)), ms);
      listeners.push(l);
    });
  const uri = pathToFileURL(dir).href;
  const firstStatus = wait('deploylens/status', (p) => !p.busy);
  const t0 = performance.now();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'bench' }], capabilities: CLIENT_CAPABILITIES, initializationOptions });
  await connection.sendNotification('initialized', {});
  return { child, connection, wait, t0, firstStatus };
}

async function stop(s) {
  await s.connection.sendRequest('shutdown');
  await s.connection.sendNotification('exit');
  s.connection.dispose();
}

async function editBench(launch = LAUNCH.vscode) {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-bench-lsp-'));
  const path = join(dir, 'sites-available', 'big');
  mkdirSync(dirname(path), { recursive: true });
  let text = bigSite(2000);
  writeFileSync(path, text);
  // gunicorn binds both addresses the site proxies to: a healthy deployment, whose only findings are the edits'.
  writeFileSync(join(dir, 'app.service'), '[Service]\nExecStart=/srv/venv/bin/gunicorn --bind unix:/run/app.sock --bind 127.0.0.1:8000 app:app\n');
  const s = await start(dir, { trusted: true }, launch);
  await s.firstStatus;
  const uri = pathToFileURL(path).href;
  let version = 1;
  const opened = s.wait('textDocument/publishDiagnostics', (p) => p.uri === uri);
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version, text } });
  await opened;
  const lines = text.split('\n');
  // Edit targets: the `p` of `proxy_read_timeout` lines (inserting a character makes an unknown directive).
  const targets = lines.flatMap((l, i) => (l.includes('proxy_read_timeout') ? [i] : []));
  const edit = [];
  for (let k = 0; k < EDITS; k++) {
    const line = targets[Math.floor(k / 2) % targets.length];
    const character = lines[line].indexOf('proxy_read_timeout') + 5;
    const insert = k % 2 === 0;
    version++;
    const published = s.wait('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
    const t = performance.now();
    await s.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [insert ? { range: { start: { line, character }, end: { line, character } }, text: 'x' } : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' }],
    });
    const p = await published;
    edit.push(performance.now() - t);
    const expected = insert ? 1 : 0;
    if (p.diagnostics.filter((d) => d.code === 'nginx-unknown-directive').length !== expected) throw new Error(`edit ${k}: expected ${expected} unknown-directive diagnostics, got ${JSON.stringify(p.diagnostics)}`);
  }
  const completion = [];
  const hover = [];
  for (let k = 0; k < 100; k++) {
    const line = targets[k % targets.length];
    let t = performance.now();
    const items = await s.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 10 } });
    completion.push(performance.now() - t);
    if (!items.items.some((i) => i.label === 'proxy_read_timeout')) throw new Error('completion lacks proxy_read_timeout');
    t = performance.now();
    const h = await s.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } });
    hover.push(performance.now() - t);
    if (!h) throw new Error('no hover');
  }
  // The whole-workspace analysis that follows a pause in typing (cross-file findings), on demand.
  const full = [];
  for (let k = 0; k < 10; k++) {
    const t = performance.now();
    await s.connection.sendRequest('deploylens/checkWorkspace', {});
    full.push(performance.now() - t);
  }
  const timings = await s.connection.sendRequest('deploylens/debug/timings');
  const mem = memory(s.child.pid);
  await stop(s);
  rmSync(dir, { recursive: true, force: true });
  return {
    launch: launch.label,
    lines: text.split('\n').length - 1,
    edits: EDITS,
    editToDiagnosticsMs: stats(edit),
    server: {
      editWallMs: stats(timings.edit.wallMs.slice(-EDITS)),
      quickCpuMs: stats(timings.quick.cpuMs.slice(-EDITS)),
      analysisCpuMs: stats(timings.analysis.cpuMs.slice(-10)),
      analysisWallMs: stats(timings.analysis.wallMs.slice(-10)),
      completionWallMs: stats(timings.completion.wallMs),
      completionCpuMs: stats(timings.completion.cpuMs),
      hoverWallMs: stats(timings.hover.wallMs),
    },
    completionMs: stats(completion),
    hoverMs: stats(hover),
    fullAnalysisRoundTripMs: stats(full),
    memory: { ...mem, heapUsedMB: +(timings.memory.heapUsed / 1048576).toFixed(1), heapTotalMB: +(timings.memory.heapTotal / 1048576).toFixed(1), externalMB: +(timings.memory.external / 1048576).toFixed(1) },
  };
}

async function workspaceBench() {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-bench-lsp-ws-'));
  mkdirSync(join(dir, 'nginx', 'sites-available'), { recursive: true });
  mkdirSync(join(dir, 'systemd'), { recursive: true });
  writeFileSync(join(dir, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    include /etc/nginx/mime.types;\n    include sites-available/*;\n}\n');
  let lines = 0;
  for (let i = 0; i < SITES; i++) {
    const site = [
      `# site ${i}`,
      'server {',
      '    listen 80;',
      `    server_name app${i}.example.com;`,
      `    location /static/ { alias /srv/app${i}/static/; }`,
      '    location / {',
      '        include proxy_params;',
      `        proxy_pass http://unix:/run/app${i}/gunicorn.sock;`,
      '    }',
      '}',
      '',
    ].join('\n');
    lines += site.split('\n').length - 1;
    writeFileSync(join(dir, 'nginx', 'sites-available', `app${i}`), site);
    writeFileSync(join(dir, 'systemd', `app${i}.service`), `[Service]\nUser=www-data\nWorkingDirectory=/srv/app${i}\nRuntimeDirectory=app${i}\nExecStart=/srv/app${i}/venv/bin/gunicorn --workers 2 --bind unix:/run/app${i}/gunicorn.sock app:app\n`);
  }
  const s = await start(dir, { trusted: true });
  await s.firstStatus;
  const initial = performance.now() - s.t0;
  const t = performance.now();
  const counts = await s.connection.sendRequest('deploylens/checkWorkspace', {});
  const check = performance.now() - t;
  const timings = await s.connection.sendRequest('deploylens/debug/timings');
  const mem = memory(s.child.pid);
  await stop(s);
  rmSync(dir, { recursive: true, force: true });
  const heap = { heapUsedMB: +(timings.memory.heapUsed / 1048576).toFixed(1), heapTotalMB: +(timings.memory.heapTotal / 1048576).toFixed(1), externalMB: +(timings.memory.external / 1048576).toFixed(1) };
  return { sites: SITES, units: SITES, nginxLines: lines, initialAnalysisMs: +initial.toFixed(1), initialAnalysisServerCpuMs: +timings.analysis.cpuMs[0].toFixed(1), checkWorkspaceMs: +check.toFixed(1), counts, memory: { ...mem, ...heap } };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The machine's load, recorded with the figures: on a shared 2-core machine the wall-clock
  // numbers include waiting for a core, the CPU ones do not.
  const loadBefore = (await import('node:os')).loadavg()[0];
  const edits = await editBench(LAUNCH.vscode);
  const workspace = await workspaceBench();
  const editsCli = await editBench(LAUNCH.cli);
  const targets = { editToDiagnosticsP95Ms: 15, completionP95Ms: 5, workspace500Ms: 1000, rssMB: 150 };
  const verdict = {
    editToDiagnostics: edits.server.editWallMs.p95 < targets.editToDiagnosticsP95Ms,
    completion: edits.server.completionWallMs.p95 < targets.completionP95Ms,
    workspace500: workspace.initialAnalysisMs < targets.workspace500Ms,
    rss: Math.max(edits.memory.peakMB, workspace.memory.peakMB) < targets.rssMB,
  };
  const result = { date: new Date().toISOString(), node: process.version, machine: { cpus: (await import('node:os')).cpus().length, loadavgBefore: +loadBefore.toFixed(2), loadavgAfter: +(await import('node:os')).loadavg()[0].toFixed(2) }, targets, edits, workspace, editsCli: { launch: editsCli.launch, editToDiagnosticsMs: editsCli.editToDiagnosticsMs, server: editsCli.server, memory: editsCli.memory }, verdict };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'lsp.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`server: ${edits.launch}`);
  console.log(`2,000-line site (${edits.lines} lines), ${edits.edits} edits:`);
  console.log(`  edit -> diagnostics  round trip p50 ${edits.editToDiagnosticsMs.p50} ms  p95 ${edits.editToDiagnosticsMs.p95} ms; server wall p50 ${edits.server.editWallMs.p50} p95 ${edits.server.editWallMs.p95}; server CPU p50 ${edits.server.quickCpuMs.p50} p95 ${edits.server.quickCpuMs.p95}  (target p95 < ${targets.editToDiagnosticsP95Ms})`);
  console.log(`  completion           round trip p50 ${edits.completionMs.p50} ms  p95 ${edits.completionMs.p95} ms; server wall p50 ${edits.server.completionWallMs.p50} p95 ${edits.server.completionWallMs.p95}; CPU p95 ${edits.server.completionCpuMs.p95}  (target p95 < ${targets.completionP95Ms})`);
  console.log(`  hover                round trip p50 ${edits.hoverMs.p50} ms  p95 ${edits.hoverMs.p95} ms; server wall p95 ${edits.server.hoverWallMs.p95}`);
  console.log(`  full workspace analysis after a pause: round trip p50 ${edits.fullAnalysisRoundTripMs.p50} ms; server CPU p50 ${edits.server.analysisCpuMs.p50} ms`);
  console.log(`  server memory        RSS ${edits.memory.rssMB} MB, peak ${edits.memory.peakMB} MB (JS heap used ${edits.memory.heapUsedMB} of ${edits.memory.heapTotalMB} MB, external ${edits.memory.externalMB} MB)`);
  console.log(`${workspace.sites} sites + ${workspace.units} units (${workspace.nginxLines} nginx lines):`);
  console.log(`  initialize -> first analysis published  ${workspace.initialAnalysisMs} ms, server CPU ${workspace.initialAnalysisServerCpuMs} ms  (target < ${targets.workspace500Ms})`);
  console.log(`  checkWorkspace round trip              ${workspace.checkWorkspaceMs} ms  (${JSON.stringify(workspace.counts)})`);
  console.log(`  server memory                          RSS ${workspace.memory.rssMB} MB, peak ${workspace.memory.peakMB} MB (JS heap used ${workspace.memory.heapUsedMB} of ${workspace.memory.heapTotalMB} MB)  (target < ${targets.rssMB})`);
  console.log(`${editsCli.launch}, the same 2,000-line site and edits:`);
  console.log(`  edit -> diagnostics  server wall p95 ${editsCli.server.editWallMs.p95} ms; memory RSS ${editsCli.memory.rssMB} MB, peak ${editsCli.memory.peakMB} MB (JS heap used ${editsCli.memory.heapUsedMB} of ${editsCli.memory.heapTotalMB} MB)`);
  console.log(`load average: ${result.machine.loadavgBefore} before, ${result.machine.loadavgAfter} after (${result.machine.cpus} cores)`);
  console.log(`verdict: ${JSON.stringify(verdict)}`);
}
