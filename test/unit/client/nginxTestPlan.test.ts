import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainConfig, parseNginxTestOutput, planNginxTest, type NginxTestInput } from '../../../client/src/nginxTest/plan';

const site = 'server {\n    listen 80;\n    location / { include proxy_params; proxy_pass http://unix:/run/app.sock; }\n}\n';
const main = 'user www-data;\nevents { worker_connections 768; }\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n';
const base: NginxTestInput = { file: '/ws/deploy/nginx/sites-available/app', text: site, dirty: false, tmp: '/tmp/t', systemDir: '/etc/nginx', systemEntries: ['nginx.conf', 'mime.types', 'proxy_params', 'modules-enabled', 'snippets'] };

for (const [name, text, expected] of [
  ['a site', site, false],
  ['a main config', main, true],
  ['http block on one line', 'http{server{}}', true],
  ['a stream config', 'stream {\n server { listen 53 udp; }\n}', true],
  ['"http {" only in a comment', '# http {\nserver { listen 80; }', false],
  ['a variable named http_x', 'server { if ($http_x) { return 403; } }', false],
] as const) {
  test(`isMainConfig: ${name}`, () => assert.equal(isMainConfig(text), expected));
}

test('a saved site is wrapped like Debian includes it, with the system include files linked', () => {
  const plan = planNginxTest(base);
  assert.ok(!('refused' in plan));
  assert.equal(plan.mainFile, '/tmp/t/nginx.conf');
  assert.deepEqual(plan.writes.map((w) => w.path), ['/tmp/t/nginx.conf']);
  const wrapper = plan.writes[0].content;
  assert.match(wrapper, /^include modules-enabled\/\*\.conf;$/m);
  assert.match(wrapper, /http \{\n {4}include mime\.types;\n {4}include \/ws\/deploy\/nginx\/sites-available\/app;\n\}/);
  assert.deepEqual(plan.links, [
    { path: '/tmp/t/mime.types', target: '/etc/nginx/mime.types' },
    { path: '/tmp/t/proxy_params', target: '/etc/nginx/proxy_params' },
    { path: '/tmp/t/modules-enabled', target: '/etc/nginx/modules-enabled' },
    { path: '/tmp/t/snippets', target: '/etc/nginx/snippets' },
  ]);
  assert.deepEqual(plan.args, ['-t', '-q', '-p', '/tmp/t/', '-e', '/tmp/t/error.log', '-c', '/tmp/t/nginx.conf', '-g', 'pid /tmp/t/nginx.pid;']);
});

test('an unsaved site is tested from a temp copy whose messages map back', () => {
  const plan = planNginxTest({ ...base, dirty: true, text: 'server { allias /x; }' });
  assert.ok(!('refused' in plan));
  assert.deepEqual(plan.writes[0], { path: '/tmp/t/unsaved/app', content: 'server { allias /x; }' });
  assert.match(plan.writes[1].content, /include \/tmp\/t\/unsaved\/app;/);
  assert.deepEqual(plan.pathMap, [{ from: '/tmp/t/unsaved/app', to: base.file }]);
});

test('without /etc/nginx the wrapper includes only the site', () => {
  const plan = planNginxTest({ ...base, systemEntries: [] });
  assert.ok(!('refused' in plan));
  assert.equal(plan.writes[0].content.includes('mime.types'), false);
  assert.equal(plan.writes[0].content.includes('modules-enabled'), false);
  assert.deepEqual(plan.links, []);
});

test('a path with a space is quoted in the include', () => {
  const plan = planNginxTest({ ...base, file: '/ws/my site/app' });
  assert.ok(!('refused' in plan));
  assert.match(plan.writes[0].content, /include "\/ws\/my site\/app";/);
});

test('a main config is tested in place, and refused while unsaved', () => {
  const plan = planNginxTest({ ...base, file: '/ws/nginx.conf', text: main });
  assert.ok(!('refused' in plan));
  assert.equal(plan.mainFile, '/ws/nginx.conf');
  assert.deepEqual(plan.writes, []);
  assert.deepEqual(plan.args.slice(-2), ['-c', '/ws/nginx.conf']);
  const refused = planNginxTest({ ...base, file: '/ws/nginx.conf', text: main, dirty: true });
  assert.ok('refused' in refused && /Save the file first/.test(refused.refused));
});

test('nginx -t output is parsed into messages with places', () => {
  const stderr = [
    'nginx: [warn] the "user" directive makes sense only if the master process runs with super-user privileges, ignored in /ws/nginx.conf:1',
    'nginx: [emerg] unknown directive "allias" in /tmp/t/unsaved/app:10',
    'nginx: [emerg] open() "/var/log/nginx/x.log" failed (13: Permission denied)',
    'nginx: configuration file /tmp/t/nginx.conf test failed',
  ].join('\n');
  assert.deepEqual(parseNginxTestOutput(stderr, [{ from: '/tmp/t/unsaved/app', to: '/ws/app' }]), [
    { level: 'warn', message: 'the "user" directive makes sense only if the master process runs with super-user privileges, ignored', file: '/ws/nginx.conf', line: 1 },
    { level: 'emerg', message: 'unknown directive "allias"', file: '/ws/app', line: 10 },
    { level: 'emerg', message: 'open() "/var/log/nginx/x.log" failed (13: Permission denied)' },
  ]);
});
