#!/usr/bin/env node
// Makes sure the real components the integration tests run are on this machine:
// Debian's nginx, gunicorn, Flask, Django and curl (and chromium + code-server's build needs with --e2e).
// As root it installs what is missing with apt-get; otherwise it stops with the exact command to run.
// Never a silent skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const e2e = process.argv.includes('--e2e');
const wanted = [
  { pkg: 'nginx', ok: () => has('nginx') || existsSync('/usr/sbin/nginx') },
  { pkg: 'gunicorn', ok: () => existsSync('/usr/bin/gunicorn') },
  { pkg: 'python3-flask', ok: () => pyImports('flask') },
  { pkg: 'python3-django', ok: () => pyImports('django') },
  { pkg: 'curl', ok: () => has('curl') },
  { pkg: 'openssl', ok: () => has('openssl') },
  { pkg: 'systemd', ok: () => existsSync('/usr/bin/systemd-analyze') },
];
if (e2e) {
  wanted.push(
    { pkg: 'chromium', ok: () => existsSync('/usr/bin/chromium') },
    { pkg: 'libkrb5-dev', ok: () => existsSync('/usr/include/gssapi/gssapi.h') },
    { pkg: 'ripgrep', ok: () => existsSync('/usr/bin/rg') },
  );
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
function pyImports(mod) {
  // Debian's python3 (the one gunicorn runs with), not a pyenv shim.
  return existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
}

const missing = wanted.filter((w) => !w.ok()).map((w) => w.pkg);
if (missing.length === 0) process.exit(0);
const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
if (process.getuid && process.getuid() === 0) {
  console.log(`installing Debian packages: ${missing.join(' ')}`);
  const r = spawnSync('sh', ['-c', cmd], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    console.error(`apt-get failed (exit ${r.status}); run by hand: ${cmd}`);
    process.exit(1);
  }
  process.exit(0);
}
console.error(`The integration tests need Debian packages that are not installed: ${missing.join(', ')}.\nRun as root:\n  sudo sh -c '${cmd}'`);
process.exit(1);
