// URI normalization against nginx byte for byte: random request targets made of slashes, dots,
// percent escapes (%2e, %2F, %00, %25, %3F, %23, truncated ones), queries, fragments and UTF-8,
// sent raw to two servers (merge_slashes on / off) that answer with $uri and $args; the router's
// normalizeUri must give the same bytes, or the same 400.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toByteString, toBytes } from '../../../server/src/nginx/routing/bytes';
import { normalizeUri } from '../../../server/src/nginx/routing/uri';
import { gen } from './gen';
import { rawRequest, randomPort, startNginx, type RunningNginx } from './nginxRunner';

const COUNT = Number(process.env.URI_COUNT ?? 1500);
const TOKENS = ['/', '/', '/', '//', '.', '..', '/.', '/..', 'a', 'b', 'A', '%2e', '%2E', '%2f', '%2F', '%00', '%25', '%3F', '%3f', '%23', '%41', '%e9', '%C3%A9', '\u00e9', '%', '%2', '%zz', '?', '?x=/../y', '#frag', '&', '+', '~', '%20', ';', '=', '!', '%0a', '%7f'];

function target(g: ReturnType<typeof gen>): string {
  let t = '/';
  const n = 1 + g.int(8);
  for (let i = 0; i < n; i++) t += g.pick(TOKENS);
  return t;
}

test('normalizeUri gives the bytes nginx gives ($uri, $args) or the same 400', { timeout: 60_000 }, async () => {
  const seed = process.env.SEED ? Number(process.env.SEED) : Date.now() % 1_000_000;
  const g = gen(seed);
  let nginx: RunningNginx | null = null;
  let on = 0;
  let off = 0;
  for (let attempt = 0; attempt < 5 && !nginx; attempt++) {
    on = randomPort();
    off = on + 1;
    const body = `  server { listen 127.0.0.1:${on}; location / { return 200 "[$uri][$args]"; } }\n  server { listen 127.0.0.1:${off}; merge_slashes off; location / { return 200 "[$uri][$args]"; } }\n`;
    try {
      nginx = await startNginx(body, { host: '127.0.0.1', port: off });
    } catch (e) {
      if (!/Address already in use/.test((e as Error).message) || attempt === 4) throw e;
    }
  }
  const run = nginx as RunningNginx;
  try {
    const failures: string[] = [];
    let rejected = 0;
    for (let i = 0; i < COUNT; i++) {
      const t = target(g);
      const merge = g.chance(0.5);
      const r = normalizeUri(toByteString(t), merge);
      const want = r.ok ? `200 [${Buffer.from(toBytes(r.uri)).toString('latin1')}][${r.args === null ? '' : Buffer.from(toBytes(r.args)).toString('latin1')}]` : '400';
      if (!r.ok) rejected++;
      const res = await rawRequest('127.0.0.1', merge ? on : off, t, 'x', 'latin1');
      const got = res === 'refused' ? 'refused' : res.status === 200 ? `200 ${res.body}` : String(res.status);
      if (want !== got) failures.push(`seed ${seed}: ${JSON.stringify(t)} merge_slashes=${merge ? 'on' : 'off'}: nginx ${JSON.stringify(got)}, router ${JSON.stringify(want)}`);
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${COUNT} differ`);
    assert.ok(rejected > COUNT / 20 && rejected < COUNT / 2, `${rejected} of ${COUNT} refused: the mix should have both`);
  } finally {
    await run.stop();
  }
});
