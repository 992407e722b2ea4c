// Which workspace files the client hands to the server. VS Code's glob dialect and node's
// path.matchesGlob agree on the features used here (**, *, {a,b} groups).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesGlob } from 'node:path';
import { DEPLOYMENT_FILE_GLOBS, DOCUMENT_SELECTOR, EXCLUDE_GLOB } from '../../../client/src/selectors';

const matches = (path: string): boolean => DEPLOYMENT_FILE_GLOBS.some((g) => matchesGlob(path, g));

const deployment = [
  'deploy/nginx/sites-available/myproject',
  'etc/nginx/sites-enabled/default',
  'nginx/nginx.conf',
  'conf.d/app.conf',
  'proxy_params',
  'deploy/systemd/myproject.service',
  'gunicorn.socket',
  'gunicorn.conf.py',
  'config/gunicorn_prod.py',
  'Procfile',
  'Procfile.dev',
  'Dockerfile',
  'docker/Dockerfile.web',
  'supervisor/conf.d/app.conf',
  'supervisord.conf',
  'site.nginx',
];
const notDeployment = ['pybo/__init__.py', 'README.md', 'pybo/static/style.css', 'config.py', 'deploy/myproject.env', 'tests/test_gunicorn_flags.txt'];

for (const path of deployment) test(`deployment file: ${path}`, () => assert.ok(matches(path)));
for (const path of notDeployment) test(`not a deployment file: ${path}`, () => assert.ok(!matches(path)));

test('the selector names the contributed languages and sends named files only from disk', () => {
  assert.deepEqual(DOCUMENT_SELECTOR.filter((f) => f.language).map((f) => f.language), ['nginx', 'systemd-unit']);
  for (const f of DOCUMENT_SELECTOR.filter((f) => f.pattern)) assert.equal(f.scheme, 'file');
});

test('the fallback search skips dependency and build folders', () => {
  for (const p of ['node_modules/x/nginx.conf', '.venv/lib/gunicorn.conf.py', 'a/.git/nginx/x']) assert.ok(matchesGlob(p, EXCLUDE_GLOB), p);
  assert.ok(!matchesGlob('deploy/nginx/sites-available/myproject', EXCLUDE_GLOB));
});
