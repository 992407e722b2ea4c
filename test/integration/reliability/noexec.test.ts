/**
 * DeployLens never executes workspace code: Python is parsed, launchers are read, nothing is run.
 * A workspace whose every file would leave a marker when run (gunicorn.conf.py at module level and
 * in its on_starting hook, wsgi.py, Django settings.py, a systemd ExecStartPre, a Procfile, a
 * Dockerfile RUN, a supervisor command) goes through the CLI (`check`, `gunicorn`, `graph`, `route`)
 * and through the language server (files opened, completion and hover requested in each, diagnostics
 * awaited); then no marker exists, and a hook preloaded into both processes saw no child process
 * spawned. A control run with python3 shows each Python payload does write its marker when executed,
 * so the test would fail if DeployLens ran them.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPath, repoRoot } from '../../helpers/cli';
import { startLsp } from '../../helpers/lspClient';

const scratch = mkdtempSync(join(tmpdir(), 'deploylens-noexec-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Python that writes `<dir>/<name>` when run, in several ways (open, os.system, subprocess). */
function payload(dir: string, name: string): string {
  return [
    `open(${JSON.stringify(join(dir, name))}, "w").write("pwned")`,
    `__import__("os").system("touch ${join(dir, name + '-system')}")`,
    `__import__("subprocess").run(["touch", ${JSON.stringify(join(dir, name + '-subprocess'))}])`,
  ].join('\n');
}

/** The malicious workspace; every payload writes into `markers`. */
function makeWorkspace(root: string, markers: string): void {
  const files: Record<string, string> = {
    'srv/app/gunicorn.conf.py': `import os\n${payload(markers, 'conf')}\nbind = "unix:/run/app/gunicorn.sock"\nworkers = 2\nwsgi_app = "wsgi:app"\n\ndef on_starting(server):\n    ${payload(markers, 'hook').split('\n').join('\n    ')}\n`,
    'srv/app/wsgi.py': `${payload(markers, 'wsgi')}\nfrom flask import Flask\napp = Flask(__name__)\n`,
    'srv/site/mysite/settings.py': `${payload(markers, 'settings')}\nDEBUG = False\nALLOWED_HOSTS = ["example.com"]\nSTATIC_URL = "static/"\n`,
    'srv/site/mysite/wsgi.py': `${payload(markers, 'djwsgi')}\nimport os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n`,
    'srv/site/manage.py': `${payload(markers, 'manage')}\n`,
    'etc/systemd/system/app.service': `[Service]\nWorkingDirectory=/srv/app\nExecStartPre=/usr/bin/touch ${join(markers, 'execstartpre')}\nExecStart=/usr/bin/gunicorn -c gunicorn.conf.py\n`,
    'etc/systemd/system/site.service': `[Service]\nWorkingDirectory=/srv/site\nExecStart=/bin/sh -c "touch ${join(markers, 'sh-c')}; exec gunicorn mysite.wsgi:application --bind unix:/run/site.sock"\n`,
    'srv/app/Procfile': `web: touch ${join(markers, 'procfile')} && gunicorn wsgi:app\n`,
    'srv/app/Dockerfile': `FROM python:3.12\nRUN touch ${join(markers, 'docker-run')}\nCMD ["gunicorn", "-c", "gunicorn.conf.py"]\n`,
    'etc/supervisor/conf.d/app.conf': `[program:app]\ncommand=/bin/sh -c "touch ${join(markers, 'supervisor')} && gunicorn wsgi:app"\ndirectory=/srv/app\n`,
    'etc/nginx/sites-available/app': 'server {\n    listen 80;\n    server_name example.com;\n    location / {\n        include proxy_params;\n        proxy_pass http://unix:/run/app/gunicorn.sock;\n    }\n}\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A preload script that records any child process the process starts (DeployLens starts none). */
function spawnRecorder(log: string): string {
  const file = join(scratch, 'record-spawn.cjs');
  writeFileSync(
    file,
    `const cp = require('child_process');
const fs = require('fs');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = cp[name];
  cp[name] = function (...args) {
    fs.appendFileSync(${JSON.stringify(log)}, name + ' ' + JSON.stringify(args[0]) + '\\n');
    return original.apply(this, args);
  };
}
`,
  );
  return file;
}

const markers = join(scratch, 'markers');
const ws = join(scratch, 'ws');
const spawnLog = join(scratch, 'spawned.log');
mkdirSync(markers);
makeWorkspace(ws, markers);
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${spawnRecorder(spawnLog)}`.trim() };

function leftMarkers(): string[] {
  return readdirSync(markers);
}

test('control: the Python payloads do write their markers when python3 runs them', () => {
  const control = join(scratch, 'control');
  const controlMarkers = join(control, 'markers');
  mkdirSync(controlMarkers, { recursive: true });
  makeWorkspace(control, controlMarkers);
  const r = spawnSync('python3', ['-c', `exec(open(${JSON.stringify(join(control, 'srv/app/gunicorn.conf.py'))}).read())\non_starting(None)`], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  for (const m of ['conf', 'conf-system', 'conf-subprocess', 'hook', 'hook-system', 'hook-subprocess']) assert.ok(existsSync(join(controlMarkers, m)), `control marker ${m}`);
});

test('control: the preloaded recorder does see a child process', () => {
  const r = spawnSync(process.execPath, ['-e', "require('child_process').spawnSync('true')"], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(spawnLog, 'utf8'), /spawnSync "true"/);
  rmSync(spawnLog);
});

test('the CLI (check, gunicorn, graph, route) runs no workspace code and starts no process', () => {
  const runs: string[][] = [
    ['check', ws, '--format', 'json'],
    ['check', ws, '--fix'],
    ['check', join(ws, 'srv/app/gunicorn.conf.py')],
    ['gunicorn', ws, '--format', 'json'],
    ['graph', ws, '--format', 'json'],
    ['route', join(ws, 'etc/nginx/sites-available/app'), 'http://example.com/'],
  ];
  for (const args of runs) {
    const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000, env, cwd: ws, maxBuffer: 64 * 1024 * 1024 });
    assert.ok(r.status !== null && r.status <= 1, `deploylens ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
    assert.ok(r.stdout.length > 0, `deploylens ${args[0]} printed its result`);
  }
  // The analysis did see the files (it found the gunicorn instance and its bind): nothing was skipped.
  const g = spawnSync(process.execPath, [cliPath, 'gunicorn', ws, '--format', 'json'], { encoding: 'utf8', env, cwd: ws });
  assert.match(g.stdout, /gunicorn\.sock/);
  assert.deepEqual(leftMarkers(), [], 'no payload ran');
  assert.ok(!existsSync(spawnLog), `processes were started: ${existsSync(spawnLog) ? readFileSync(spawnLog, 'utf8') : ''}`);
});

test('the language server runs no workspace code: files opened, completion and hover in each, diagnostics awaited', async () => {
  const lsp = await startLsp(pathToFileURL(ws).href, { env });
  try {
    const opened = ['srv/app/gunicorn.conf.py', 'srv/app/wsgi.py', 'srv/site/mysite/settings.py', 'etc/systemd/system/app.service', 'etc/nginx/sites-available/app', 'srv/app/Procfile'];
    for (const rel of opened) {
      const uri = pathToFileURL(join(ws, rel)).href;
      const text = readFileSync(join(ws, rel), 'utf8');
      const languageId = rel.endsWith('.py') ? 'python' : rel.endsWith('.service') ? 'systemd-unit' : rel.includes('nginx') ? 'nginx' : 'plaintext';
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      const lines = text.split('\n');
      for (const line of [0, 1, Math.min(3, lines.length - 1)]) {
        const position = { line, character: Math.min(4, lines[line]?.length ?? 0) };
        await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      }
    }
    // The workspace analysis ran to the end: the nginx site gets its diagnostics.
    const site = pathToFileURL(join(ws, 'etc/nginx/sites-available/app')).href;
    if (!lsp.latest(site)) await lsp.nextDiagnostics(site, () => true, 30_000);
    // An edit of the config file re-runs everything on unsaved text.
    const conf = pathToFileURL(join(ws, 'srv/app/gunicorn.conf.py')).href;
    const edited = readFileSync(join(ws, 'srv/app/gunicorn.conf.py'), 'utf8') + `\n${payload(markers, 'edited')}\n`;
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: conf, version: 2 }, contentChanges: [{ text: edited }] });
    await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: conf }, position: { line: 1, character: 2 } });
    await lsp.nextDiagnostics(site, () => true, 30_000).catch(() => undefined);
  } finally {
    await lsp.stop();
  }
  assert.deepEqual(leftMarkers(), [], 'no payload ran');
  assert.ok(!existsSync(spawnLog), `processes were started: ${existsSync(spawnLog) ? readFileSync(spawnLog, 'utf8') : ''}`);
});

test('no server or CLI source can start a process or evaluate code', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        if (/from ['"](?:node:)?(?:child_process|vm|worker_threads)['"]|require\(['"](?:node:)?child_process|\bnew Function\(|\beval\(/.test(text)) offenders.push(p);
      }
    }
  };
  walk(join(repoRoot, 'server', 'src'));
  assert.deepEqual(offenders, []);
});
