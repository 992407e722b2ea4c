import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { parseJsonc, readWorkspaceSettings } from '../../../server/src/project/settings';

test('parseJsonc reads comments and trailing commas, keeps // inside strings', () => {
  assert.deepEqual(parseJsonc('{\n // c\n "a": "http://x", /* b */ "b": [1,2,],\n}'), { a: 'http://x', b: [1, 2] });
  assert.equal(parseJsonc('{ nope'), undefined);
});

test('settings come from .vscode/settings.json deploylens.* keys, ill-typed values dropped with a message', () => {
  const host = new MemoryHost({
    '/ws/.vscode/settings.json': '{ "deploylens.rules": { "a": "off", "b": "loud" }, "deploylens.nginxVersion": "1.22.1", "editor.tabSize": 2 }',
  });
  const { settings, messages } = readWorkspaceSettings(host, '/ws');
  assert.deepEqual(settings.rules, { a: 'off' });
  assert.equal(settings.nginxVersion, '1.22.1');
  assert.equal(messages.length, 1);
});

test('deploylens.json at the root wins over .vscode/settings.json', () => {
  const host = new MemoryHost({
    '/ws/deploylens.json': '{ "rules": { "x": "warning" } }',
    '/ws/.vscode/settings.json': '{ "deploylens.rules": { "x": "off" } }',
  });
  assert.deepEqual(readWorkspaceSettings(host, '/ws').settings.rules, { x: 'warning' });
});
