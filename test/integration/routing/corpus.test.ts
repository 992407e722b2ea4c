// The router on 721 real-world configs (shared corpus): for every server name and listen port of
// every config, a handful of typical URLs; the router must answer every one with plain data
// (never throw), and its explanation must point into the loaded files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadNginxConfig } from '../../../server/src/nginx/includes';
import { routeRequest, routingModel } from '../../../server/src/nginx/routing';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { CORPUS_DIR } from '../../helpers/shared';

const CORPUS = CORPUS_DIR;
const PATHS = ['/', '/index.html', '/static/app.css', '/api/v1/users?id=1', '/index.php', '/.git/config', '/a//b/../c', '/%2e%2e/x', '/wp-admin/', '/favicon.ico'];

interface Entry {
  id: string;
  main: string;
  verdict: string;
}

test('the router answers every request of the real-world corpus', { timeout: 120_000 }, (t) => {
  const entries = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as Entry[];
  const host = new NodeHost();
  let configs = 0;
  let requests = 0;
  let located = 0;
  const failures: string[] = [];
  for (const e of entries) {
    if (e.verdict === 'invalid') continue;
    const config = loadNginxConfig(host, join(CORPUS, e.main));
    const model = routingModel(config);
    configs++;
    const targets = new Set<string>();
    for (const s of model.servers) {
      const names = s.nameTexts.filter((n) => n && !n.startsWith('~')).map((n) => n.replace(/^\*\./, 'www.').replace(/^\./, '').replace(/\.\*$/, '.com'));
      for (const l of s.listens) for (const a of l.spec.addresses) if (a.kind === 'tcp') for (const n of names.length ? names : ['localhost']) targets.add(`${n}|${a.port}`);
    }
    for (const t of targets) {
      const [name, port] = t.split('|');
      for (const path of PATHS) {
        requests++;
        try {
          const r = routeRequest(config, { host: name, port: Number(port), path });
          if (r.location) located++;
          for (const ref of [r.server?.ref, r.location?.ref]) {
            if (ref && !config.files.has(ref.file)) failures.push(`${e.id} ${name}:${port}${path}: reference to an unknown file ${ref.file}`);
          }
          JSON.stringify(r);
        } catch (err) {
          failures.push(`${e.id} ${name}:${port}${path}: ${(err as Error).stack}`);
        }
      }
    }
  }
  t.diagnostic(`${configs} configs, ${requests} requests, ${located} reached a location`);
  assert.deepEqual(failures.slice(0, 10), []);
  assert.ok(configs > 600, `${configs} configs`);
  assert.ok(requests > 10_000 && located > requests / 4, `${requests} requests, ${located} with a location`);
});
