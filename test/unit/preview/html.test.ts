import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, previewHtml } from '../../../client/src/preview/html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const NONCE = 'abcDEF0123456789abcDEF0123456789';
const html = previewHtml({ cspSource: CSP_SOURCE, nonce: NONCE, scriptUri: `${CSP_SOURCE}/ext/dist/webview.js` });

function csp(): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta tag');
  return new Map(m[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

test("the CSP denies by default and allows scripts and styles only by nonce: no 'unsafe-*', no wildcard, no remote origin", () => {
  const p = csp();
  assert.deepEqual(p.get('default-src'), ["'none'"]);
  assert.deepEqual(p.get('script-src'), [`'nonce-${NONCE}'`]);
  assert.deepEqual(p.get('style-src'), [`'nonce-${NONCE}'`]);
  for (const [directive, sources] of p) {
    for (const s of sources) {
      assert.ok(!/unsafe|\*/.test(s), `${directive} ${s}`);
      assert.ok(s.startsWith("'") || s === CSP_SOURCE || s === 'data:', `${directive} allows only the webview's own origin, not ${s}`);
    }
  }
  assert.equal(contentSecurityPolicy(CSP_SOURCE, NONCE), /content="([^"]*)"/.exec(html)![1]);
});

test('every <script> and <style> carries the nonce; there is no inline script body and no inline event handler', () => {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], new RegExp(`nonce="${NONCE}"`));
  assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
  assert.equal(scripts[0][2].trim(), '', 'no inline code');
  for (const m of html.matchAll(/<style\b([^>]*)>/g)) assert.match(m[1], new RegExp(`nonce="${NONCE}"`));
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no on*= handler attributes');
  assert.doesNotMatch(html, /\sstyle\s*=/i, 'no style attributes (the CSP would block them)');
  assert.doesNotMatch(html, /javascript:/i);
  // No remote resource anywhere: whatever the page loads (src, href, CSS url(), @import) is the webview's own origin.
  const loads = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"|url\(\s*['"]?([^'")]*)|@import\s+['"]?([^'";\s]*)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  assert.ok(loads.length >= 1);
  for (const u of loads) assert.ok(u.startsWith(CSP_SOURCE + '/'), u);
});

test('attribute values are escaped: a hostile script URI or nonce cannot break out', () => {
  const evil = previewHtml({ cspSource: CSP_SOURCE, nonce: 'n"><script>alert(1)</script>', scriptUri: 'x"><script>alert(2)</script>' });
  assert.equal([...evil.matchAll(/<script\b/g)].length, 1);
});

test('nonces are 32 characters of [A-Za-z0-9] and differ between loads', () => {
  let seed = 1;
  const rnd = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) & 0xff));
  const a = makeNonce(rnd);
  const b = makeNonce(rnd);
  assert.match(a, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(a, b);
});

test('the page has the controls the webview script expects, with accessible names', () => {
  for (const id of ['canvas', 'url', 'url-suggestions', 'try', 'go', 'clear', 'urls', 'zoom-in', 'zoom-out', 'zoom-fit', 'copy-svg', 'save-svg', 'card', 'side', 'route', 'url-list', 'announce', 'folder', 'summary']) {
    assert.match(html, new RegExp(`id="${id}"`), id);
  }
  assert.match(html, /<label for="url">Try a URL<\/label>/);
  assert.match(html, /id="announce" class="sr-only" aria-live="polite"/);
});
