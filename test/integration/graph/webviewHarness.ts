/**
 * Loads the real topology panel (client/src/preview/html.ts with its CSP, dist/webview.js) in
 * headless chromium, served from a fake origin through Playwright's request interception (no
 * network), with a stand-in for VS Code's `acquireVsCodeApi` that records posted messages and state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { previewHtml } from '../../../client/src/preview/html';
import type { FromWebview, ToWebview } from '../../../shared/src/render/messages';

const root = join(__dirname, '..', '..', '..');
const ORIGIN = 'https://webview.test';

/** The chromium flags E2E.md lists for this machine. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts headless chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** A loaded panel page. */
export interface PanelPage {
  page: Page;
  /** Messages the webview posted, in order. */
  posted(): Promise<FromWebview[]>;
  /** Waits for a posted message matching `pred`. */
  waitPosted(pred: (m: FromWebview) => boolean, timeoutMs?: number): Promise<FromWebview>;
  send(m: ToWebview): Promise<void>;
  /** CSP violations the page reported. */
  violations(): Promise<string[]>;
  /** Dialogs (alert/confirm) the page opened: an injected script would. */
  dialogs: string[];
}

/** Opens the panel; `state` is what getState returns (a reload restores it). */
export async function openPanel(browser: Browser, options: { state?: unknown; viewport?: { width: number; height: number } } = {}): Promise<PanelPage> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 700 } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const html = previewHtml({ cspSource: ORIGIN, nonce: 'TESTNONCE0123456789abcdefghijklm', scriptUri: `${ORIGIN}/dist/webview.js` });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname === '/dist/webview.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(root, 'dist', 'webview.js'), 'utf8') });
    return route.fulfill({ status: 404, body: '' });
  });
  // Anything else would be a remote resource: refused and recorded.
  const remote: string[] = [];
  await page.route((url) => !url.href.startsWith(ORIGIN) && !url.href.startsWith('data:'), (route) => {
    remote.push(route.request().url());
    return route.abort();
  });
  // A string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(options.state ?? null)};
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.goto(`${ORIGIN}/index.html`);
  // Page-side code as strings: this project has no DOM types, and tsx's __name helper is not in the page.
  const posted = () => page.evaluate('window.__posted') as Promise<FromWebview[]>;
  return {
    page,
    dialogs,
    posted,
    async waitPosted(pred, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = (await posted()).find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no such message was posted; got ${JSON.stringify((await posted()).map((m) => m.type))}`);
        await page.waitForFunction(`window.__posted.length > ${(await posted()).length}`, undefined, { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
      }
    },
    send: async (m) => void (await page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`)),
    violations: async () => [...((await page.evaluate('window.__violations')) as string[]), ...remote.map((r) => `remote ${r}`)],
  };
}
