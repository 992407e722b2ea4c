import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSuppressions, isSuppressed } from '../../../server/src/project/suppress';
import type { Finding } from '../../../server/src/common/diagnostics';

const text = [
  'server {', //                                   0
  '  # deploylens-disable-next-line rule-a, rule-b', // 9
  '',
  '  # another comment',
  '  allias /x;', //                                 target line
  '  root /y;',
  '}',
].join('\n');
const at = (needle: string, code: string): Finding => {
  const start = text.indexOf(needle);
  return { file: '/f', start, end: start + needle.length, severity: 'error', code, message: '' };
};

test('disable-next-line skips blank and comment lines and names rules', () => {
  const s = findSuppressions(text);
  assert.equal(isSuppressed(at('allias', 'rule-a'), s), true);
  assert.equal(isSuppressed(at('allias', 'rule-b'), s), true);
  assert.equal(isSuppressed(at('allias', 'rule-c'), s), false);
  assert.equal(isSuppressed(at('root', 'rule-a'), s), false);
});

test('disable without rules switches every rule off for the file', () => {
  const s = findSuppressions('# deploylens-disable\nserver {}\n');
  assert.equal(isSuppressed({ file: '/f', start: 22, end: 23, severity: 'error', code: 'x', message: '' }, s), true);
  const named = findSuppressions('# deploylens-disable rule-x\n');
  assert.equal(isSuppressed({ file: '/f', start: 0, end: 1, severity: 'error', code: 'rule-x', message: '' }, named), true);
  assert.equal(isSuppressed({ file: '/f', start: 0, end: 1, severity: 'error', code: 'rule-y', message: '' }, named), false);
});
