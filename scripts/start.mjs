#!/usr/bin/env node
// `npm start`: the main job. Builds the bundles, runs `deploylens check` on the bundled example
// workspace (examples/pybo) and prints the findings, then opens the extension on that workspace in a
// real editor: VS Code desktop when `code` is on PATH (--extensionDevelopmentPath), otherwise
// code-server on 127.0.0.1 (installed on first use into .vscode-test/, see scripts/e2e-setup.mjs),
// printing the URL to open; Ctrl-C stops it.
//   --check-only   stop after the check (no editor)
//   --port N       code-server's port (default: a free one from 8080)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const workspace = join(root, 'examples', 'pybo');
const args = process.argv.slice(2);
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', cwd: root }).status ?? 1;

if (run('node', ['scripts/build.mjs']) !== 0) process.exit(1);
console.log('\n$ deploylens check examples/pybo');
const status = run('node', ['dist/cli.js', 'check', 'examples/pybo']);
if (args.includes('--check-only')) process.exit(status);

if (spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0) {
  console.log('\nopening VS Code with the extension loaded from this checkout…');
  process.exit(run('code', [`--extensionDevelopmentPath=${root}`, workspace]));
}

const { setup } = await import('./e2e-setup.mjs');
let entry;
try {
  entry = setup();
} catch (e) {
  console.error(`cannot install code-server: ${e instanceof Error ? e.message : e}\n(the check above is the result; install VS Code's 'code' or run as root for code-server)`);
  process.exit(1);
}

const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : await freePort(8080);
const state = join(root, '.vscode-test', 'start');
for (const d of ['user-data/User', 'extensions', 'xdg-config', 'xdg-data']) mkdirSync(join(state, d), { recursive: true });
writeFileSync(join(state, 'user-data', 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'update.mode': 'none' }, null, 2));
writeFileSync(join(state, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
const child = spawn(
  process.execPath,
  [entry, '--config', join(state, 'config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--user-data-dir', join(state, 'user-data'), '--extensions-dir', join(state, 'extensions'), workspace],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, XDG_CONFIG_HOME: join(state, 'xdg-config'), XDG_DATA_HOME: join(state, 'xdg-data') } },
);
const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`]];
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}
console.log(`\nDeployLens is running in code-server on examples/pybo. Open:\n\n  ${url}\n\n(Ctrl-C stops it)`);
const stop = () => {
  child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));

function freePort(from) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(freePort(from + 1)));
    s.listen(from, '127.0.0.1', () => s.close(() => resolve(from)));
  });
}
