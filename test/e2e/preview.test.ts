// The topology preview in a real VS Code (code-server 4.100.3, headless chromium), as a person uses
// it: open the unit, run "DeployLens: Open Topology Preview", see the graph; break the unit's bind
// in the editor (unsaved) and see the edge turn red; apply the quick fix from the edge's card and
// see it turn green; try a static URL and see its path highlighted; click a node to open its
// source. Waits on selectors only.
// Screenshots go to test-artifacts/ (preview-*.png).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium, quickOpen, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';
// @ts-expect-error: a plain .mjs script without type declarations
import { ensureBuilt } from '../../scripts/package.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(root, 'test-artifacts');
let tmp = '';
let server: CodeServer | undefined;
let browser: Browser | undefined;

before(async () => {
  ensureBuilt();
  const setup = spawnSync(process.execPath, [join(root, 'scripts/e2e-setup.mjs'), '--print-path'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(setup.status, 0, 'scripts/e2e-setup.mjs failed');
  const entry = setup.stdout.trim().split('\n').pop()!;
  tmp = mkdtempSync(join(tmpdir(), 'deploylens-e2e-preview-'));
  const ws = join(tmp, 'ws');
  cpSync(join(root, 'examples', 'pybo'), ws, { recursive: true });
  server = await startCodeServer(entry, join(tmp, 'code-server'), ws);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`) }).catch(() => undefined);
}

async function command(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').focus();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^DeployLens: /, '') }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string, text: string): Promise<void> {
  await quickOpen(page, name, name);
  await page.locator('.monaco-editor .view-lines', { hasText: text }).first().waitFor({ timeout: 30_000 });
}

test('the topology preview: opens, turns red on a broken bind, green after the quick fix, highlights a tried URL', { timeout: 240_000 }, async () => {
  const page = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
  try {
    await page.goto(workbenchUrl(server!, join(tmp, 'ws'), root));
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await openFile(page, 'myproject.service', 'ExecStart');

    // The editor-title button is there for a unit file; the command palette opens the panel.
    await page.locator('.editor-actions [aria-label="DeployLens: Open Topology Preview"], .editor-actions [aria-label="Open Topology Preview"]').first().waitFor({ timeout: 30_000 });
    await command(page, 'DeployLens: Open Topology Preview');
    const view: FrameLocator = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('g.dl-node[data-kind=gunicorn]').waitFor({ timeout: 60_000 });
    for (const kind of ['server', 'location', 'static', 'socket', 'wsgi', 'app']) assert.ok((await view.locator(`g.dl-node[data-kind=${kind}]`).count()) > 0, `a ${kind} node`);
    assert.equal(await view.locator('g.dl-edge[data-status=error]').count(), 0);
    await shot(page, 'preview-open');

    // Break the bind in the (unsaved) unit: line 14 of the example.
    await page.locator('.monaco-editor .view-lines', { hasText: 'ExecStart' }).first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':14');
    await page.keyboard.press('Enter');
    // Home goes to the first non-blank character: the indentation stays.
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.insertText('--bind unix:/run/myproject/other.sock \\');
    const red = view.locator('g.dl-edge[data-status=error]');
    // An edge is a line: attached, not "visible" (a horizontal line has no height).
    await red.first().waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await red.count(), 1);
    assert.equal(await red.getAttribute('data-to'), 'socket:/run/myproject/gunicorn.sock');
    await shot(page, 'preview-red');

    // The red edge's card offers the server's quick fixes; apply "Bind gunicorn to ...".
    await red.locator('.dl-edge-hit').hover({ force: true });
    const fix = view.locator('#card .fixes button', { hasText: 'Bind gunicorn to unix:/run/myproject/gunicorn.sock' });
    await fix.waitFor({ timeout: 10_000 });
    await shot(page, 'preview-quick-fix');
    // The README's editor picture, written on request only (never by CI).
    if (process.env.UPDATE_SNAPSHOTS === '1' && !process.env.CI) await page.screenshot({ path: join(root, 'docs', 'images', 'topology-vscode.png') });
    await fix.click();
    await page.locator('.monaco-editor .view-lines', { hasText: '--bind unix:/run/myproject/gunicorn.sock' }).first().waitFor({ timeout: 30_000 });
    await view.locator('g.dl-edge[data-status=error]').first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await view.locator('g.dl-node[data-kind=socket]').count(), 1, 'one socket again');
    await shot(page, 'preview-fixed');

    // Try a URL: the static route is highlighted, with its steps.
    await view.locator('#url').fill('http://pybo.example.com/static/style.css');
    await view.locator('#url').press('Enter');
    await view.locator('g.dl-node.hl[data-kind=static]').waitFor({ timeout: 30_000 });
    const hl = await view.locator('g.dl-node.hl').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    assert.deepEqual(hl, ['client', 'listen', 'location', 'server', 'static']);
    await view.locator('#route', { hasText: 'in the workspace: pybo/static/style.css' }).waitFor();
    await shot(page, 'preview-try-url');

    // The app's URLs, one click away, each with what nginx does with it.
    await view.locator('#urls').click();
    await view.locator('#url-list tr', { hasText: '/static/style.css' }).filter({ hasText: 'nginx, from disk' }).waitFor({ timeout: 30_000 });
    await view.locator('#url-list tr', { hasText: '/hello' }).filter({ hasText: 'proxied to the app' }).waitFor();
    await shot(page, 'preview-app-urls');

    // A click on the nginx server node opens its site file at the server block.
    await view.locator('g.dl-node[data-kind=server]').click();
    await page.locator('.tab.active .label-name', { hasText: /^myproject$/ }).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'server_name pybo.example.com' }).first().waitFor();
    await shot(page, 'preview-reveal');
  } catch (e) {
    await shot(page, 'preview-failure');
    process.stderr.write(`--- code-server ---\n${server!.output().slice(-6000)}\n`);
    throw e;
  } finally {
    await page.close();
  }
});
