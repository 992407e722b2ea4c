import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFromWebview } from '../../../shared/src/render/messages';

const source = { file: '/ws/site', start: 1, end: 5, line: 0, character: 1 };

test('messages from the webview are checked before the extension acts on them', () => {
  const table: Array<[unknown, boolean]> = [
    [{ type: 'ready' }, true],
    [{ type: 'reveal', source }, true],
    [{ type: 'reveal', source: { ...source, start: '1' } }, false],
    [{ type: 'reveal' }, false],
    [{ type: 'quickFix', source, code: 'proxy-target-not-bound', title: 'Bind gunicorn to unix:/x' }, true],
    [{ type: 'quickFix', source, code: 'c' }, false],
    [{ type: 'tryUrl', url: 'http://a/b' }, true],
    [{ type: 'tryUrl', url: 'x'.repeat(9000) }, false],
    [{ type: 'tryUrl', url: 42 }, false],
    [{ type: 'appUrls' }, true],
    [{ type: 'export', action: 'save', svg: '<svg/>' }, true],
    [{ type: 'export', action: 'delete', svg: '<svg/>' }, false],
    [{ type: 'rendered', version: 3, nodes: 11, ms: 12.5, layoutMs: 10, laidOut: true }, true],
    [{ type: 'rendered', version: 3, nodes: 11, ms: 12.5, layoutMs: 10 }, false],
    [{ type: 'rendered', version: 3, nodes: 11, ms: NaN, layoutMs: 10, laidOut: false }, false],
    [{ type: 'runCommand', command: 'rm -rf /' }, false],
    [null, false],
    ['ready', false],
    [{ type: 'ready', extra: true }, true],
  ];
  for (const [m, ok] of table) assert.equal(isFromWebview(m), ok, JSON.stringify(m)?.slice(0, 80));
});
