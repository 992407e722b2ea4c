/** Tables for the helpers the cross-checks share: Django's Host validation, nginx times and sizes, server <-> workspace paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { djangoAllowsHost, djangoDomain } from '../../../server/src/project/allowedHosts';
import { parseNginxSize, parseNginxTime, showSize } from '../../../server/src/checks/nginxTime';
import { isWithin, normPath, toServer, toWorkspace } from '../../../server/src/project/serverPaths';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import type { DeploymentModel } from '../../../server/src/project/model';
import { defaultSettings } from '../../../shared/src/settings';
import { HOST_CASES } from './hostCases';

test('Django Host validation', () => {
  for (const [host, allowed, debug, want] of HOST_CASES) assert.equal(djangoAllowsHost(host, allowed, debug), want, `${host} vs ${JSON.stringify(allowed)} (DEBUG=${debug})`);
  assert.equal(djangoDomain('Example.com:80'), 'example.com');
  assert.equal(djangoDomain('a b'), '');
});

test('nginx times and sizes', () => {
  const times: Array<[string, number | undefined]> = [['60', 60], ['60s', 60], ['1m', 60], ['1m 30s', 90], ['500ms', 0.5], ['2h', 7200], ['1d', 86400], ['10x', undefined], ['', undefined]];
  for (const [t, s] of times) assert.equal(parseNginxTime(t), s, t);
  const sizes: Array<[string, number | undefined]> = [['1m', 1048576], ['1M', 1048576], ['10k', 10240], ['4G', 4 * 1024 ** 3], ['512', 512], ['0', 0], ['1.5m', undefined], ['10 MB', undefined]];
  for (const [t, b] of sizes) assert.equal(parseNginxSize(t), b, t);
  assert.equal(showSize(16 * 1024 * 1024), '16m');
  assert.equal(showSize(2621440), '2.5m');
});

test('path helpers', () => {
  assert.equal(normPath('/a//b/./c/'), '/a/b/c');
  assert.equal(normPath('/a/static/../x.py'), '/a/x.py');
  assert.ok(isWithin('/a/b', '/a') && isWithin('/a', '/a') && !isWithin('/ab', '/a') && isWithin('/x', '/'));
});

function model(files: Record<string, string>, chdir?: [string, string], mappings: Record<string, string> = {}): { model: DeploymentModel; host: MemoryHost } {
  const host = new MemoryHost(files);
  const gunicorn = chdir ? [{ instance: { chdir: { value: chdir[0], origin: 'command-line' }, chdirWorkspace: chdir[1] } }] : [];
  const m = { root: '/ws', settings: { ...defaultSettings, pathMappings: mappings }, files: [], nginx: [], gunicorn, paths: { file: () => undefined, dir: () => undefined }, findings: [], notes: [] } as unknown as DeploymentModel;
  return { model: m, host };
}

test('server paths map through the gunicorn chdir, explicit mappings, the workspace itself, or a shared tail', () => {
  const files = { '/ws/pybo/static/style.css': '', '/ws/srv/site/public/x.css': '', '/ws/deploy/nginx/site': '' };
  const anchored = model(files, ['/home/u/proj', '/ws']);
  assert.equal(toWorkspace(anchored, '/home/u/proj/pybo/static'), '/ws/pybo/static');
  assert.equal(toWorkspace(anchored, '/home/u/proj/pybo/nothing'), undefined);
  assert.equal(toWorkspace(anchored, '/home/u/proj/staticfiles', false), '/ws/staticfiles');
  assert.equal(toServer(anchored.model, '/ws/pybo/static'), '/home/u/proj/pybo/static');
  assert.equal(toServer(anchored.model, '/elsewhere'), undefined);
  // A chdir mapped outside the workspace (a failed mapping) or at / is no anchor.
  assert.equal(toServer(model(files, ['/home/u/proj', '/home/u/proj']).model, '/ws/pybo'), undefined);
  assert.equal(toServer(model(files, ['/', '/ws']).model, '/ws/pybo'), undefined);
  const free = model(files);
  assert.equal(toWorkspace(free, '/ws/pybo/static'), '/ws/pybo/static');
  assert.equal(toWorkspace(free, '/var/www/srv/site/public'), '/ws/srv/site/public');
  assert.equal(toWorkspace(free, '/etc/nginx/proxy_params'), undefined);
  // One shared component is not enough ("static" alone).
  assert.equal(toWorkspace(free, '/srv/other/static'), undefined);
  const explicit = model(files, undefined, { '/opt/app': 'srv/site' });
  assert.equal(toWorkspace(explicit, '/opt/app/public/x.css'), '/ws/srv/site/public/x.css');
  assert.equal(toServer(explicit.model, '/ws/srv/site/public'), '/opt/app/public');
});
