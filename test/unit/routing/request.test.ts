// parseRequestUrl: the path goes byte for byte as written (curl --path-as-is), never WHATWG-normalized.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestUrl } from '../../../server/src/nginx/routing';

const ok: Array<[string, { scheme: string; host: string; port: number; path: string }]> = [
  ['http://example.com/a', { scheme: 'http', host: 'example.com', port: 80, path: '/a' }],
  ['http://example.com', { scheme: 'http', host: 'example.com', port: 80, path: '/' }],
  ['http://example.com?x', { scheme: 'http', host: 'example.com', port: 80, path: '/?x' }],
  ['https://example.com/a', { scheme: 'https', host: 'example.com', port: 443, path: '/a' }],
  ['http://example.com:8080/a', { scheme: 'http', host: 'example.com:8080', port: 8080, path: '/a' }],
  ['HTTP://Example.com/A', { scheme: 'http', host: 'Example.com', port: 80, path: '/A' }],
  ['http://user:pw@example.com/a', { scheme: 'http', host: 'example.com', port: 80, path: '/a' }],
  ['http://[::1]:8080/a', { scheme: 'http', host: '[::1]:8080', port: 8080, path: '/a' }],
  ['http://[::1]/a', { scheme: 'http', host: '[::1]', port: 80, path: '/a' }],
  ['http://x//a/../b/./c', { scheme: 'http', host: 'x', port: 80, path: '//a/../b/./c' }],
  ['http://x/%2e%2E/%2F?q=%20#frag', { scheme: 'http', host: 'x', port: 80, path: '/%2e%2E/%2F?q=%20' }],
  ['http://x/caf\u00e9 x', { scheme: 'http', host: 'x', port: 80, path: '/caf\u00e9 x' }],
  ['http://x.:81/', { scheme: 'http', host: 'x.:81', port: 81, path: '/' }],
];

const bad = ['example.com/a', 'ftp://x/', 'http:///a', 'http://x:0/', 'http://x:99999/', 'http://x:ab/'];

test('parseRequestUrl keeps the path as written', () => {
  for (const [url, want] of ok) assert.deepEqual(parseRequestUrl(url), { ok: true, ...want }, url);
});

test('parseRequestUrl refuses what is not an http(s) URL', () => {
  for (const url of bad) assert.equal(parseRequestUrl(url).ok, false, url);
});
