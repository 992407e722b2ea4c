import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusView, type StatusInput } from '../../../client/src/statusModel';
import type { DeploymentSummary } from '../../../shared/src/protocol';

const pybo: DeploymentSummary = {
  folderUri: 'file:///ws/pybo',
  label: 'nginx → gunicorn → Flask',
  nginxFiles: ['file:///ws/pybo/deploy/nginx/sites-available/myproject'],
  gunicornSources: ['file:///ws/pybo/deploy/systemd/myproject.service'],
  wsgiTarget: 'pybo:create_app()',
  framework: 'flask',
};
const base: StatusInput = { status: undefined, errors: 0, warnings: 0, server: 'running', trusted: true };

const cases: { name: string; input: Partial<StatusInput>; text: string; background?: string; tooltip?: RegExp }[] = [
  { name: 'no status from the server yet, clean', input: {}, text: '$(check) DeployLens', tooltip: /0 errors, 0 warnings/ },
  { name: 'errors and warnings: counts, red', input: { errors: 2, warnings: 1 }, text: '$(error) DeployLens 2/1', background: 'statusBarItem.errorBackground', tooltip: /2 errors, 1 warning from/ },
  { name: 'warnings only: not red', input: { warnings: 3 }, text: '$(warning) DeployLens 0/3' },
  { name: 'starting: spinner', input: { server: 'starting' }, text: '$(sync~spin) DeployLens' },
  { name: 'stopped: click restarts', input: { server: 'stopped', errors: 4 }, text: '$(circle-slash) DeployLens', background: 'statusBarItem.warningBackground', tooltip: /restart/ },
  { name: 'deployment detected', input: { status: { deployments: [pybo], busy: false } }, text: '$(check) nginx → gunicorn → Flask', tooltip: /pybo:create_app\(\)/ },
  { name: 'two deployments', input: { status: { deployments: [pybo, { ...pybo, folderUri: 'file:///ws/b' }], busy: false }, errors: 1 }, text: '$(error) nginx → gunicorn → Flask +1 1/0', background: 'statusBarItem.errorBackground' },
  { name: 'server says nothing found', input: { status: { deployments: [], busy: false } }, text: '$(check) DeployLens', tooltip: /No nginx\/gunicorn deployment detected/ },
  { name: 'busy analysing', input: { status: { deployments: [pybo], busy: true } }, text: '$(sync~spin) nginx → gunicorn → Flask' },
  { name: 'untrusted: shield, tooltip says read-only', input: { trusted: false }, text: '$(check) DeployLens $(shield)', tooltip: /Restricted mode: files are only read/ },
];

for (const c of cases) {
  test(`status bar: ${c.name}`, () => {
    const view = statusView({ ...base, ...c.input });
    assert.equal(view.text, c.text);
    assert.equal(view.background, c.background);
    if (c.tooltip) assert.match(view.tooltip, c.tooltip);
  });
}
