// The router against the real nginx: random configs (several servers, listen forms, default
// servers, every location kind, nesting, server_name forms, merge_slashes), odd requests, and for
// EVERY request the router must name the same server and location (or the same 400, 301, refused
// connection, backend URI) as nginx. A failure prints the seed: SEED=<n> reruns just that config.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Directive, NginxFile } from '../../../server/src/nginx/ast';
import type { NginxConfig } from '../../../server/src/nginx/config';
import { parseNginx } from '../../../server/src/nginx/parser';
import { routeRequest, type RouteResult } from '../../../server/src/nginx/routing';
import { gen, generateConfig, hostsFor, pathsFor, type Ports } from './gen';
import { ipv6Available, rawRequest, randomPort, startNginx, type RunningNginx } from './nginxRunner';

const CONFIGS = Number(process.env.ROUTE_CONFIGS ?? 6);
const REQUESTS_PER_CONFIG = Number(process.env.ROUTE_REQUESTS ?? 260);
// Where requests connect (address, index of the port): 127.0.0.3 is never named in a listen, only
// wildcard listens take it; the third port has no wildcard listen (refused unless 127.0.0.1).
const CONNECT: Array<[string, number]> = [
  ['127.0.0.1', 0],
  ['127.0.0.2', 0],
  ['127.0.0.3', 0],
  ['127.0.0.1', 1],
  ['127.0.0.2', 1],
  ['127.0.0.3', 1],
  ['127.0.0.1', 2],
  ['127.0.0.2', 2],
  ['::1', 0],
  ['::1', 1],
];

function findDirective(file: NginxFile, start: number): Directive | null {
  const walk = (list: NginxFile['children']): Directive | null => {
    for (const s of list) {
      if (s.type !== 'directive') continue;
      if (s.start === start) return s;
      if (s.block && s.start < start && start < s.end) return walk(s.block.children);
    }
    return null;
  };
  return walk(file.children);
}

function idOf(file: NginxFile, start: number): string {
  const d = findDirective(file, start);
  const h = d?.block?.children.find((c): c is Directive => c.type === 'directive' && c.name === 'add_header' && c.args[0]?.value === 'X-Id');
  return h?.args[1]?.value ?? `?${start}`;
}

/** What the router predicts, in the same words as `observed`. */
function predicted(file: NginxFile, r: RouteResult): string {
  if (r.target.kind === 'no-listener') return 'refused';
  if (r.status === 400) return '400';
  const id = r.location ? idOf(file, r.location.ref.start) : r.server?.ref ? idOf(file, r.server.ref.start) : '?';
  switch (r.target.kind) {
    case 'redirect':
      return `301 ${id}`;
    case 'error':
      return `${r.target.status} ${id}`;
    case 'proxy':
      return `200 ${id} U:${r.target.uri}`;
    case 'return':
      return `${r.target.status} ${id}`;
    case 'static':
      // The generated servers have no root: nginx's default html dir is missing, so 404.
      return `404 ${id}`;
    default:
      return `${r.target.kind} ${id}`;
  }
}

function observed(res: Awaited<ReturnType<typeof rawRequest>>): string {
  if (res === 'refused') return 'refused';
  if (res.status === 400) return '400';
  const ids = res.headers.get('x-id') ?? ['-'];
  const id = ids[ids.length - 1];
  return res.body.startsWith('U:') ? `${res.status} ${id} ${res.body}` : `${res.status} ${id}`;
}

async function runSeed(seed: number, kinds: Map<string, number>, ipv6: boolean): Promise<{ requests: number; failures: string[] }> {
  const g = gen(seed);
  let nginx: RunningNginx | null = null;
  let ports: Ports | null = null;
  let generated: ReturnType<typeof generateConfig> | null = null;
  for (let attempt = 0; attempt < 5 && !nginx; attempt++) {
    const p = new Set<number>();
    while (p.size < 4) p.add(randomPort());
    const [a, b, c, echo] = [...p];
    ports = { p: [a, b, c], echo };
    generated = generateConfig(gen(seed), ports, ipv6);
    try {
      nginx = await startNginx(generated.http, { host: '127.0.0.1', port: echo });
    } catch (e) {
      if (!/Address already in use/.test((e as Error).message) || attempt === 4) throw new Error(`seed ${seed}: ${(e as Error).message}`);
    }
  }
  const run = nginx as RunningNginx;
  const gp = generated as ReturnType<typeof generateConfig>;
  const pp = ports as Ports;
  try {
    const path = join(run.dir, 'nginx.conf');
    const main = parseNginx(readFileSync(path, 'utf8'), path);
    assert.deepEqual(main.errors, [], `seed ${seed}: the generated config does not parse`);
    const config: NginxConfig = { main, context: 'main', files: new Map([[path, main]]), includes: new Map(), findings: [] };
    const hosts = hostsFor(g, gp.names);
    const targets = pathsFor(g, gp.paths);
    const failures: string[] = [];
    const jobs: Array<() => Promise<void>> = [];
    for (let i = 0; i < REQUESTS_PER_CONFIG; i++) {
      // Mostly where a server listens; sometimes anywhere (refused connections, wildcards).
      const [address, portIndex] = g.chance(0.8) ? g.pick(gp.listening) : g.pick(ipv6 ? CONNECT : CONNECT.filter(([a]) => !a.includes(':')));
      const port = pp.p[portIndex];
      const host = g.pick(hosts);
      const target = g.pick(targets);
      jobs.push(async () => {
        // What the client sends on the wire: curl-like, the fragment is the client's business only
        // when the URL came from parseRequestUrl; here the raw target goes as is.
        const r = routeRequest(config, { host, port, path: target, address }, { prefix: run.dir });
        const want = predicted(main, r);
        const got = observed(await rawRequest(address, port, target, host));
        const kind = r.status ? String(r.status) : r.location ? `${r.target.kind} via ${r.location.rule} location` : r.target.kind === 'no-listener' ? 'refused' : `${r.target.kind} without location`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (want !== got) {
          failures.push(`seed ${seed}: ${address}:${port} Host=${JSON.stringify(host)} ${JSON.stringify(target)}: nginx says ${got}, router says ${want}\n  trace: ${r.trace.map((t) => t.message).join(' | ')}`);
        }
      });
    }
    // A few requests in flight at once keep the run short without stressing one worker.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < jobs.length) await jobs[next++]();
      }),
    );
    return { requests: jobs.length, failures };
  } finally {
    await run.stop();
  }
}

test('the router picks the same server and location as the real nginx', { timeout: 120_000 }, async (t) => {
  const seeds = process.env.SEED ? [Number(process.env.SEED)] : Array.from({ length: CONFIGS }, (_, i) => (Date.now() + i * 7919) % 1_000_000);
  let total = 0;
  const failures: string[] = [];
  const kinds = new Map<string, number>();
  const ipv6 = await ipv6Available();
  if (!ipv6) t.diagnostic('no IPv6 loopback here: IPv6 listens are left out');
  for (const seed of seeds) {
    const r = await runSeed(seed, kinds, ipv6);
    total += r.requests;
    failures.push(...r.failures);
  }
  t.diagnostic(`${total} requests: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  if (failures.length > 0) {
    assert.fail(`${failures.length} of ${total} requests differ (seeds ${seeds.join(', ')}):\n${failures.slice(0, 25).join('\n')}`);
  }
  if (!process.env.SEED) assert.ok(total >= 1000, `only ${total} requests`);
});
