// The extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, driven by headless chromium):
// 1. the extension-host suite (test/e2e/suite, mocha, the @vscode/test-electron contract) must exit 0;
// 2. a person's view: open the example workspace with a broken nginx site, open the file, and see the
//    error in the Problems panel. Screenshots go to test-artifacts/.
// code-server is installed on first use by scripts/e2e-setup.mjs (about a minute), then reused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { installVsix, launchChromium, quickOpen, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';
// @ts-expect-error: a plain .mjs script without type declarations
import { ensureBuilt, packageExtension } from '../../scripts/package.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(root, 'test-artifacts');
const SITE = 'deploy/nginx/sites-available/myproject';
/** The whole extension-host suite; each of its tests has its own 60 s mocha timeout. */
const SUITE_TIMEOUT_MS = 240_000;

let tmp = '';
let codeServerEntry = '';
let server: CodeServer | undefined;
let browser: Browser | undefined;

function run(script: string, args: string[] = []): string {
  const r = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(r.status, 0, `${script} failed`);
  return r.stdout.trim();
}

/** A copy of examples/pybo in the temp folder, optionally with the nginx site edited. */
function workspaceCopy(name: string, edit?: (site: string) => string): string {
  const ws = join(tmp, name);
  cpSync(join(root, 'examples', 'pybo'), ws, { recursive: true });
  if (edit) writeFileSync(join(ws, SITE), edit(readFileSync(join(ws, SITE), 'utf8')));
  return ws;
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`) }).catch(() => undefined);
}

before(async () => {
  // The editor must run the current sources: rebuild if any is newer than dist/ (npm test built already).
  ensureBuilt();
  codeServerEntry = run('scripts/e2e-setup.mjs', ['--print-path']).split('\n').pop()!;
  tmp = mkdtempSync(join(tmpdir(), 'deploylens-e2e-'));
  server = await startCodeServer(codeServerEntry, join(tmp, 'code-server'), tmp);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('extension-host suite passes inside code-server', { timeout: SUITE_TIMEOUT_MS + 30_000 }, async () => {
  const testsPath = run('scripts/e2e-build.mjs').split('\n').pop()!;
  const ws = workspaceCopy('suite-ws');
  const page = await browser!.newPage();
  const console: string[] = [];
  page.on('console', (m) => console.push(`[${m.type()}] ${m.text()}`));
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const log: string[] = [];
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    // The workbench forwards console.log's arguments, format string first (mocha's spec reporter uses %s/%d).
    const line = format(...(Array.isArray(args) ? args : [args]));
    log.push(line);
    process.stderr.write(`[extension host ${type}] ${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  try {
    await page.goto(workbenchUrl(server!, ws, root, testsPath));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS} ms`)), SUITE_TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    await screenshot(page, 'suite-end');
    assert.equal(code, 0, `extension-host tests failed:\n${log.join('\n')}`);
    assert.match(log.join('\n'), /passing/, 'mocha reported its results');
    assert.doesNotMatch(log.join('\n'), /\d+ pending/, 'no test is left pending');
  } catch (e) {
    await screenshot(page, 'suite-failure');
    process.stderr.write(`--- browser console ---\n${console.slice(-80).join('\n')}\n--- code-server ---\n${server!.output().slice(-8000)}\n`);
    throw e;
  } finally {
    await page.close();
  }
});

/**
 * A person's path: the workbench loads, Quick Open opens the nginx site, "View: Focus Problems"
 * shows the panel, and the panel lists the "allias" error. Returns the Problems row's text.
 */
async function seeProblemLikeAPerson(page: Page, url: string, shot: string): Promise<string> {
  await page.goto(url);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });

  await quickOpen(page, 'sites-available/myproject', 'myproject');
  await page.locator('.monaco-editor .view-lines', { hasText: 'allias' }).waitFor({ timeout: 30_000 });

  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>View: Focus Problems');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Focus Problems' }).first().waitFor();
  await page.keyboard.press('Enter');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'allias' }).first();
  await row.waitFor({ timeout: 30_000 });
  // The status item turns red with the error count.
  await page.locator('.statusbar-item.error-kind[id$="deploylens.status"]', { hasText: /1\/0/ }).waitFor({ timeout: 10_000 });
  await screenshot(page, shot);
  return row.innerText();
}

test('a person opens a broken nginx site and sees the error in the Problems panel', { timeout: 120_000 }, async () => {
  const ws = workspaceCopy('ui-ws', (site) => site.replace('alias /home', 'allias /home'));
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    assert.match(await seeProblemLikeAPerson(page, workbenchUrl(server!, ws, root), 'problems-panel'), /unknown directive/i);
  } catch (e) {
    await screenshot(page, 'ui-failure');
    throw e;
  } finally {
    await page.close();
  }
});

test('the packaged .vsix installs into code-server and works without the sources', { timeout: 180_000 }, async () => {
  const vsix = packageExtension({ out: join(tmp, 'deploylens.vsix'), skipBuild: true });
  const home = join(tmp, 'code-server-vsix');
  installVsix(codeServerEntry, home, vsix);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const installed = readdirSync(join(home, 'extensions')).find((d) => d.startsWith(`${manifest.publisher}.${manifest.name}-`));
  assert.ok(installed, 'code-server unpacked the extension');
  const ws = workspaceCopy('vsix-ws', (site) => site.replace('alias /home', 'allias /home'));
  const installedServer = await startCodeServer(codeServerEntry, home, ws);
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    assert.match(await seeProblemLikeAPerson(page, workbenchUrl(installedServer, ws), 'problems-panel-vsix'), /unknown directive/i);
  } catch (e) {
    await screenshot(page, 'vsix-failure');
    process.stderr.write(`--- code-server (vsix) ---\n${installedServer.output().slice(-8000)}\n`);
    throw e;
  } finally {
    await page.close();
    await installedServer.stop();
  }
});

test('in Restricted Mode the status bar says so, and trusting the folder restarts the server trusted', { timeout: 120_000 }, async () => {
  const ws = workspaceCopy('trust-ws', (site) => site.replace('alias /home', 'allias /home'));
  const trustServer = await startCodeServer(codeServerEntry, join(tmp, 'code-server-trust'), ws, { workspaceTrust: true });
  const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(workbenchUrl(trustServer, ws, root));
    // The extension runs in Restricted Mode ('limited' support): analysis only, shown by a shield.
    const item = page.locator('.statusbar-item[id$="deploylens.status"]');
    const restricted = item.filter({ has: page.locator('.codicon-shield') });
    await restricted.waitFor({ timeout: 60_000 });
    await screenshot(page, 'restricted-mode');
    // A person first browses in Restricted Mode...
    await page.getByRole('button', { name: /No, I don't trust the authors/ }).click({ timeout: 30_000 });
    // ...where running nginx is refused, with the reason and a way out.
    await page.locator('.monaco-workbench').focus();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>DeployLens: Run nginx -t');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Run nginx -t on This File' }).first().waitFor();
    await page.keyboard.press('Enter');
    const refusal = page.locator('.notification-toast', { hasText: 'only in a trusted workspace' });
    await refusal.waitFor({ timeout: 15_000 });
    await screenshot(page, 'restricted-refusal');
    // ...then trusts the folder from the notification's button and the trust editor.
    await refusal.getByRole('button', { name: 'Manage Workspace Trust' }).click();
    await page.getByRole('button', { name: /^Trust( Folder)?$/ }).first().click({ timeout: 30_000 });
    await item.filter({ hasNot: page.locator('.codicon-shield') }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'trusted');
  } catch (e) {
    await screenshot(page, 'trust-failure');
    process.stderr.write(`--- code-server (trust) ---\n${trustServer.output().slice(-8000)}\n`);
    throw e;
  } finally {
    await page.close();
    await trustServer.stop();
  }
});
