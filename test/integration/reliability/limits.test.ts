/**
 * Limits, through the real bundled CLI (`node dist/cli.js check <workspace> --format json`) under
 * /usr/bin/time: each pathological workspace gets a clear diagnostic, in bounded time and memory,
 * without hanging. The bounds (wall seconds, peak RSS) are stated per case below; they are about
 * 3-10x what an idle 2-core machine measures, so that a loaded CI machine passes and a quadratic
 * regression does not (the 100,000-line gunicorn.conf.py took over 10 minutes before the
 * one-pass identifier count in gunicorn/configfile.ts; 20 s after).
 *
 * | case                                   | idle measure     | bound          |
 * |----------------------------------------|------------------|----------------|
 * | one 50 MB nginx file                   | 1.0 s,  80 MB    | 20 s,  400 MB  |
 * | one 4 MB nginx file (17,914 servers)   | 5.8 s, 335 MB    | 60 s, 1200 MB  |
 * | 10,000 include files (one glob)        | 5.4 s, 250 MB    | 60 s, 1200 MB  |
 * | include glob matching a binary         | 0.9 s,  80 MB    | 20 s,  400 MB  |
 * | directory symlink loops                | 0.8 s,  80 MB    | 20 s,  400 MB  |
 * | include cycle across three files       | 0.8 s,  80 MB    | 20 s,  400 MB  |
 * | 100,000-line gunicorn.conf.py          | 21 s,  550 MB    | 150 s, 2000 MB |
 * | non-UTF-8 nginx and Python files       | 0.7 s,  85 MB    | 20 s,  400 MB  |
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliPath } from '../../helpers/cli';

const TIME = '/usr/bin/time';
const made: string[] = [];

after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh workspace folder with the given files (text or bytes). */
function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'deploylens-limits-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

interface Diagnostic {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

interface Measured {
  status: number;
  diagnostics: Diagnostic[];
  seconds: number;
  rssMB: number;
}

/**
 * Runs `deploylens check <target> --format json` under /usr/bin/time, killed at the time bound
 * (a hang fails the test instead of blocking the suite).
 */
function check(target: string, boundSeconds: number): Measured {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run node scripts/build.mjs`);
  const timeFile = join(mkdtempSync(join(tmpdir(), 'deploylens-time-')), 'time');
  made.push(dirname(timeFile));
  const r = spawnSync(TIME, ['-f', '%e %M', '-o', timeFile, process.execPath, cliPath, 'check', target, '--format', 'json'], {
    encoding: 'utf8',
    timeout: boundSeconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
  });
  assert.notEqual(r.signal, 'SIGKILL', `deploylens check ${target} did not finish within ${boundSeconds} s`);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  const [seconds, rssKB] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const diagnostics = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  console.log(`  ${target.split('/').pop()}: ${seconds.toFixed(2)} s, ${Math.round(rssKB / 1024)} MB, ${diagnostics.length} diagnostics`);
  return { status: r.status, diagnostics, seconds, rssMB: rssKB / 1024 };
}

function within(m: Measured, seconds: number, rssMB: number): void {
  assert.ok(m.seconds < seconds, `${m.seconds} s, bound ${seconds} s`);
  assert.ok(m.rssMB < rssMB, `${Math.round(m.rssMB)} MB, bound ${rssMB} MB`);
}

function has(m: Measured, code: string, file?: string): Diagnostic {
  const d = m.diagnostics.find((x) => x.code === code && (file === undefined || x.file === file));
  assert.ok(d, `no ${code}${file ? ` in ${file}` : ''}: ${JSON.stringify(m.diagnostics.slice(0, 5))}`);
  assert.ok(d.message.length > 20, 'a message that explains');
  return d;
}

/** Writes a large nginx file in chunks (never the whole text in memory at once). */
function bigNginx(path: string, bytes: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  let written = writeSync(fd, 'server {\n    listen 80;\n    server_name example.com;\n');
  for (let i = 0; written < bytes; i++) {
    let chunk = '';
    for (let j = 0; j < 1000; j++, i++) chunk += `    location /p${i}/ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n`;
    written += writeSync(fd, chunk);
  }
  writeSync(fd, '}\n');
  closeSync(fd);
}

test('a 50 MB nginx file: reported as too large, not read, the rest of the workspace still checked', () => {
  const root = workspace({ 'sites-available/small': 'server {\n    listen 80;\n    server_tokens on;\n}\n' });
  bigNginx(join(root, 'sites-available/huge.conf'), 50 * 1024 * 1024);
  const m = check(root, 20);
  const d = has(m, 'nginx-file-too-large', 'sites-available/huge.conf');
  assert.match(d.message, /50 MB/);
  has(m, 'server-tokens', 'sites-available/small');
  within(m, 20, 400);
});

test('a 4 MB nginx file with 17,914 servers is checked whole', () => {
  let text = '';
  for (let i = 0; text.length < 4 * 1024 * 1024; i++) {
    text += `server {\n    listen 80;\n    server_name s${i}.example.com;\n    location / {\n        proxy_set_header Host $host;\n        proxy_pass http://unix:/run/s${i}.sock;\n    }\n    location /static {\n        alias /srv/s${i}/static/;\n    }\n}\n`;
  }
  const root = workspace({ 'big.conf': text });
  const m = check(root, 60);
  // Every server has the off-by-slash alias: all of them are found, none missed at the end of the file.
  const servers = (text.match(/^server \{/gm) ?? []).length;
  assert.equal(m.diagnostics.filter((d) => d.code === 'static-alias-traversal').length, servers);
  within(m, 60, 1200);
});

test('10,000 include files behind one glob: the first 1000 are read, the rest reported', () => {
  const files: Record<string, string> = { 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n' };
  for (let i = 0; i < 10_000; i++) files[`conf.d/s${String(i).padStart(5, '0')}.conf`] = `server { listen ${8000 + (i % 1000)}; server_name s${i}.example.com; location / { proxy_pass http://127.0.0.1:9000; } }\n`;
  const root = workspace(files);
  const m = check(root, 60);
  const d = has(m, 'nginx-include-too-many', 'nginx.conf');
  assert.equal(d.line, 3);
  within(m, 60, 1200);
});

test('an include glob that matches a binary file: an error on the include, no garbage findings', () => {
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'latin1'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))]);
  const root = workspace({ 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*;\n}\n', 'conf.d/site.conf': 'server { listen 80; }\n', 'conf.d/logo.png': png });
  const m = check(root, 20);
  const d = has(m, 'nginx-binary-file', 'nginx.conf');
  assert.equal(d.line, 3);
  assert.match(d.message, /logo\.png/);
  assert.ok(!m.diagnostics.some((x) => x.file.endsWith('logo.png')), 'nothing reported inside the binary');
  within(m, 20, 400);
});

test('directory symlink loops (to the parent, to the root of the workspace) terminate', () => {
  const root = workspace({ 'deploy/nginx/site.conf': 'server {\n    listen 80;\n    location /static {\n        alias /srv/static/;\n    }\n}\n' });
  symlinkSync('..', join(root, 'deploy/nginx/up'));
  symlinkSync('../..', join(root, 'deploy/nginx/top'));
  mkdirSync(join(root, 'a/b'), { recursive: true });
  symlinkSync('../../a', join(root, 'a/b/loop'));
  const m = check(root, 20);
  // The file is reported once, under its own path, however many ways lead to it.
  const hits = m.diagnostics.filter((d) => d.code === 'static-alias-traversal');
  assert.equal(hits.length, 1, JSON.stringify(hits));
  assert.equal(hits[0].file, 'deploy/nginx/site.conf');
  within(m, 20, 400);
});

test('an include cycle across three files: one error naming the cycle', () => {
  const root = workspace({
    'nginx.conf': 'events {}\nhttp {\n    include a.conf;\n}\n',
    'a.conf': 'include b.conf;\n',
    'b.conf': 'include c.conf;\n',
    'c.conf': 'include a.conf;\n',
  });
  const m = check(root, 20);
  const d = has(m, 'nginx-include-cycle');
  assert.match(d.message, /a\.conf -> b\.conf -> c\.conf -> a\.conf/);
  within(m, 20, 400);
});

test('a 100,000-line gunicorn.conf.py is read in bounded time', () => {
  const lines = ['import os', 'bind = "unix:/run/app.sock"', 'workers = 3'];
  for (let i = 0; lines.length < 99_999; i++) lines.push(`setting_${i} = ${i} * 2 + len("x${i}")`);
  lines.push('wsgi_app = "wsgi:app"');
  const root = workspace({
    'srv/app/gunicorn.conf.py': lines.join('\n') + '\n',
    'srv/app/wsgi.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'etc/systemd/system/app.service': '[Service]\nWorkingDirectory=/srv/app\nExecStart=/usr/bin/gunicorn -c gunicorn.conf.py\n',
  });
  const m = check(root, 150);
  // gunicorn ignores unknown names; each is reported where it is written, to the very last line.
  const unknown = m.diagnostics.filter((d) => d.code === 'gunicorn-unknown-setting');
  assert.equal(unknown.length, 99_996);
  assert.equal(Math.max(...unknown.map((d) => d.line)), 99_999);
  within(m, 150, 2000);
});

test('non-UTF-8 files: a clear warning for nginx, the Python file still read', () => {
  const root = workspace({
    'site.conf': Buffer.from('server {\n    listen 80;\n    server_name caf\xe9.example.com;\n    # r\xe9sum\xe9\n    server_tokens on;\n}\n', 'latin1'),
    'gunicorn.conf.py': Buffer.from('# -*- coding: latin-1 -*-\nbind = "unix:/run/caf\xe9.sock"\nworkerz = 2\n', 'latin1'),
  });
  const m = check(root, 20);
  const d = has(m, 'nginx-encoding', 'site.conf');
  assert.match(d.message, /UTF-8/);
  // The rest of the file is still checked (line 5 after the invalid bytes).
  assert.equal(has(m, 'server-tokens', 'site.conf').line, 5);
  within(m, 20, 400);
});
