import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckWorkspaceRequest, serverFeatures, StatusNotification } from '../../../shared/src/protocol';

test('custom messages live under the deploylens/ prefix', () => {
  assert.equal(StatusNotification.method, 'deploylens/status');
  assert.equal(CheckWorkspaceRequest.method, 'deploylens/checkWorkspace');
});

const cases: [string, unknown, { checkWorkspace?: boolean }][] = [
  ['no experimental capabilities', undefined, {}],
  ['null', null, {}],
  ['another tool\'s experimental block', { other: { checkWorkspace: true } }, {}],
  ['deploylens block not an object', { deploylens: true }, {}],
  ['checkWorkspace advertised', { deploylens: { checkWorkspace: true } }, { checkWorkspace: true }],
  ['checkWorkspace truthy but not true', { deploylens: { checkWorkspace: 'yes' } }, { checkWorkspace: false }],
];
for (const [name, experimental, expected] of cases) {
  test(`server features: ${name}`, () => assert.deepEqual(serverFeatures(experimental), expected));
}
