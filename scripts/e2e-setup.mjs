#!/usr/bin/env node
// Installs code-server 4.100.3 (VS Code 1.100.3 server + web workbench) into .vscode-test/code-server/
// for the editor tests, the way /work/shared/E2E.md found to work on machines that reach only npm and
// Debian: no download of VS Code, chromium from Debian. Idempotent: a finished install is recognised by
// its marker file and the script returns at once. Prints the path of the code-server entry on stdout's
// last line so callers can use it (`node scripts/e2e-setup.mjs --print-path`).
//
// Why each step:
// - code-server is kept out of the project's dependencies (it is ~400 MB with native builds) and lives
//   in a cache folder that .gitignore already covers;
// - its @vscode/ripgrep 1.15.11 downloads `rg` from GitHub in postinstall unless it finds a cached
//   archive in $TMPDIR: we make that archive from Debian's /usr/bin/rg;
// - as root its postinstall refuses without npm_config_unsafe_perm=true; node-pty's postinstall runs
//   `npx node-gyp`, which waits for a "yes" unless npm_config_yes=true;
// - the install goes to a temp folder that is renamed into place only when complete, so a crash leaves
//   no half install behind and two concurrent runs cannot both write the same folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where code-server is installed. */
export const installDir = join(root, '.vscode-test', 'code-server');
/** The code-server launcher (a node script). */
export const codeServerEntry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = join(installDir, `.installed-${CODE_SERVER_VERSION}`);

function log(msg) {
  // stderr: stdout's last line is the entry path for --print-path.
  process.stderr.write(`[e2e-setup] ${msg}\n`);
}

function fail(msg) {
  log(`error: ${msg}`);
  process.exit(1);
}

/** True when code-server is already installed at the pinned version. */
export function isInstalled() {
  return existsSync(marker) && existsSync(codeServerEntry);
}

function ensureSystemPackages() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-system-deps.mjs'), '--e2e'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail('Debian packages chromium, libkrb5-dev and ripgrep are needed (see the message above)');
}

function ensureProjectDevDeps() {
  // playwright-core and mocha are pinned devDependencies of the project; a plain `npm ci` installs them.
  const missing = ['playwright-core', 'mocha'].filter((p) => !existsSync(join(root, 'node_modules', p, 'package.json')));
  if (missing.length > 0) fail(`missing devDependencies ${missing.join(', ')}: run \`npm ci\` in ${root}`);
}

function seedRipgrepCache() {
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const archive = join(cacheDir, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  if (!existsSync('/usr/bin/rg')) fail('/usr/bin/rg not found (apt-get install ripgrep)');
  mkdirSync(cacheDir, { recursive: true });
  const r = spawnSync('tar', ['czf', archive, '-C', '/usr/bin', 'rg'], { stdio: 'inherit' });
  if (r.status !== 0) fail(`could not write ${archive}`);
  log(`seeded the ripgrep cache with Debian's rg: ${archive}`);
}

/** Removes staging folders of installs that were killed midway (their process is gone). */
function removeAbandonedStaging() {
  const parent = dirname(installDir);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = /^code-server\.tmp-(\d+)$/.exec(name);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

function install() {
  removeAbandonedStaging();
  const staging = `${installDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'deploylens-e2e-code-server', private: true }, null, 2) + '\n');
  log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (about a minute on 2 cores: native modules build locally)`);
  const started = Date.now();
  const r = spawnSync('npm', ['install', '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: staging,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  const entry = join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (r.status !== 0 || !existsSync(entry)) {
    rmSync(staging, { recursive: true, force: true });
    fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}); see the npm output above`);
  }
  // Native modules that the server needs at run time; a missing one means a postinstall was skipped.
  const probe = spawnSync(process.execPath, ['-e', "require('node-pty'); require('@vscode/spdlog')"], { cwd: join(staging, 'node_modules', 'code-server', 'lib', 'vscode'), encoding: 'utf8' });
  if (probe.status !== 0) log(`warning: a native module of code-server does not load: ${(probe.stderr || '').split('\n')[0]}`);
  writeFileSync(join(staging, `.installed-${CODE_SERVER_VERSION}`), `${new Date().toISOString()}\n`);
  if (isInstalled() && installedVersion() === CODE_SERVER_VERSION) {
    // Another run finished first and may already be serving from it: never replace a live install.
    rmSync(staging, { recursive: true, force: true });
    log(`code-server ${CODE_SERVER_VERSION} was installed meanwhile by another run; keeping that one`);
    return;
  }
  try {
    rmSync(installDir, { recursive: true, force: true });
    renameSync(staging, installDir);
  } catch (e) {
    // Another run finished first: keep its install.
    rmSync(staging, { recursive: true, force: true });
    if (!isInstalled()) fail(`could not move the install into place: ${e.message}`);
  }
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(installDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Makes sure everything the editor tests need is there; returns the code-server entry path. */
export function setup() {
  ensureSystemPackages();
  ensureProjectDevDeps();
  if (isInstalled() && installedVersion() === CODE_SERVER_VERSION) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return codeServerEntry;
  }
  seedRipgrepCache();
  install();
  return codeServerEntry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entry = setup();
  if (process.argv.includes('--print-path')) console.log(entry);
}
