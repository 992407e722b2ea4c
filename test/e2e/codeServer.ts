/**
 * Runs code-server (VS Code 1.100.3 server + web workbench, installed by scripts/e2e-setup.mjs) on
 * 127.0.0.1 with throw-away user-data, extensions and config folders, and drives it with Debian's
 * chromium through playwright-core. See /work/shared/E2E.md for why this and not test-electron.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** A running code-server. */
export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Everything code-server printed so far (for failure messages). */
  output(): string;
  /** Kills code-server's whole process group (extension host, language server) and waits for it. */
  stop(): Promise<void>;
}

/** User settings that keep the workbench quiet and offline. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'remote.autoForwardPorts': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

const HEALTH_DEADLINE_MS = 60_000;

function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 40000);
}

/** Starts code-server on a free port (retrying on EADDRINUSE), once /healthz answers. */
export async function startCodeServer(entry: string, tmp: string, workspace: string, options: StartOptions = {}): Promise<CodeServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(entry, tmp, workspace, randomPort(), options);
    } catch (e) {
      if (attempt >= 5 || !(e instanceof Error) || !/EADDRINUSE/.test(e.message)) throw e;
    }
  }
}

/** How to start code-server. */
export interface StartOptions {
  /** Turn VS Code's workspace trust on: the folder opens in Restricted Mode until the user trusts it. */
  workspaceTrust?: boolean;
}

async function startOnce(entry: string, tmp: string, workspace: string, port: number, options: StartOptions): Promise<CodeServer> {
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(join(tmp, 'extensions'), { recursive: true });
  mkdirSync(join(tmp, 'xdg-config'), { recursive: true });
  mkdirSync(join(tmp, 'xdg-data'), { recursive: true });
  const settings = { ...USER_SETTINGS, 'security.workspace.trust.enabled': options.workspaceTrust === true };
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(tmp, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry,
    '--config', join(tmp, 'config.yaml'),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', join(tmp, 'extensions'),
    workspace,
  ];
  // Its own process group, so stop() reaches the extension host and our language server too.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), NODE_OPTIONS: '' },
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: CodeServer = { port, origin: `http://127.0.0.1:${port}`, output: () => output, stop: () => stopGroup(child, exited) };
  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  let done = false;
  void exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    try {
      const res = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error(`code-server did not answer /healthz on port ${port} within ${HEALTH_DEADLINE_MS} ms${done ? ' (it exited)' : ''}:\n${output}`);
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killGroup(child.pid, 'SIGKILL'); // leftovers of the group, if any
    return;
  }
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  killGroup(child.pid, 'SIGKILL');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Launches Debian's chromium headless with the flags E2E.md found to work. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The workbench URL that opens `folder`; with `extensionPath`, the extension is loaded from source
 * (extensionDevelopmentPath) and, with `testsPath`, the extension-host tests there are run.
 */
export function workbenchUrl(server: CodeServer, folder: string, extensionPath?: string, testsPath?: string): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const query = payload.length > 0 ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '';
  return `${server.origin}/?folder=${encodeURIComponent(folder)}${query}`;
}

/** Installs a .vsix into `<tmp>/extensions` (the folder startCodeServer(…, tmp, …) uses). */
export function installVsix(entry: string, tmp: string, vsix: string): string {
  const env = { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), NODE_OPTIONS: '' };
  for (const d of ['extensions', 'user-data', 'xdg-config', 'xdg-data']) mkdirSync(join(tmp, d), { recursive: true });
  const r = spawnSync(process.execPath, [entry, '--extensions-dir', join(tmp, 'extensions'), '--user-data-dir', join(tmp, 'user-data'), '--install-extension', vsix], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Opens a file with Quick Open (Ctrl+P). Quick Open answers from the file search index, which a
 * freshly started code-server may still be building: it is asked again (at most four times) rather
 * than waited on once for a result list computed empty. Leaves the chosen row selected and opened.
 */
export async function quickOpen(page: Page, query: string, rowText: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.locator('.monaco-workbench').focus();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(query);
    try {
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first().waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}
