#!/usr/bin/env node
// Router benchmark: `node bench/route.mjs [--locations N] [--urls N]`.
// Builds a config with N locations (default 1000) in one server (prefix, ^~, exact, regex, nested)
// among a few other servers, parses it, then routes --urls random URLs (default 20000) one by one
// with the router bundled by esbuild (as it ships). Prints the one-time model build and the per-URL
// time (median, p99, max) after parsing; writes bench/results/route.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const LOCATIONS = opt('--locations', 1000);
const URLS = opt('--urls', 20000);

/** A seeded PRNG (mulberry32) so that runs compare. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(42);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const WORDS = ['api', 'static', 'media', 'img', 'docs', 'v1', 'v2', 'users', 'admin', 'assets', 'blog', 'shop', 'cart', 'search', 'help'];

/** The config text and the paths worth requesting. */
function makeConfig(n) {
  const paths = [];
  const lines = ['http {', '  upstream app { server unix:/run/gunicorn.sock; }'];
  for (let s = 0; s < 3; s++) lines.push(`  server { listen 80; server_name other${s}.test *.other${s}.test; location / { return 200; } }`);
  lines.push('  server {', '    listen 80 default_server;', '    server_name bench.test www.bench.test;', '    root /srv/www;');
  let count = 0;
  const seen = new Set();
  while (count < n) {
    const kind = rnd();
    const depth = 1 + Math.floor(rnd() * 3);
    let p = '';
    for (let i = 0; i < depth; i++) p += '/' + pick(WORDS) + (rnd() < 0.3 ? Math.floor(rnd() * 50) : '');
    if (rnd() < 0.5) p += '/';
    if (kind < 0.55) {
      if (seen.has('p' + p)) continue;
      seen.add('p' + p);
      paths.push(p);
      if (rnd() < 0.1 && count + 2 <= n) {
        // A prefix location with a nested one.
        lines.push(`    location ${p} {`, `      location ${p}${p.endsWith('/') ? '' : '/'}n${count}/ { proxy_pass http://app; }`, '      try_files $uri @app;', '    }');
        paths.push(`${p}${p.endsWith('/') ? '' : '/'}n${count}/x`);
        count += 2;
      } else {
        lines.push(`    location ${p} { try_files $uri $uri/ =404; }`);
        count++;
      }
    } else if (kind < 0.65) {
      if (seen.has('p' + p)) continue;
      seen.add('p' + p);
      paths.push(p);
      lines.push(`    location ^~ ${p} { alias /srv/alias${count}/; }`);
      count++;
    } else if (kind < 0.8) {
      if (seen.has('e' + p)) continue;
      seen.add('e' + p);
      paths.push(p);
      lines.push(`    location = ${p} { return 204; }`);
      count++;
    } else {
      const re = pick([`^/${pick(WORDS)}/(\\d+)/${pick(WORDS)}$`, `\\.(${pick(WORDS)}|${pick(WORDS)})$`, `^/(?<section>${pick(WORDS)})/${pick(WORDS)}${count}`, `/${pick(WORDS)}-[a-z]+-${count}/?$`]);
      lines.push(`    location ~${rnd() < 0.3 ? '*' : ''} "${re}" { proxy_pass http://app; }`);
      paths.push(`/${pick(WORDS)}/${Math.floor(rnd() * 1000)}/${pick(WORDS)}`, `/x/y.${pick(WORDS)}`);
      count++;
    }
  }
  lines.push('    location @app { proxy_pass http://app; }', '  }', '}', '');
  return { text: lines.join('\n'), paths };
}

/** Bundles the parser and the router into `dir` and imports them. */
async function load(dir) {
  const entry = join(dir, 'entry.ts');
  const outfile = join(dir, 'router.mjs');
  writeFileSync(
    entry,
    `export { parseNginx } from ${JSON.stringify(join(root, 'server/src/nginx/parser'))};\n` +
      `export { routeRequest, routingModel, parseRequestUrl } from ${JSON.stringify(join(root, 'server/src/nginx/routing'))};\n`,
  );
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  return import(pathToFileURL(outfile).href);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const work = mkdtempSync(join(tmpdir(), 'deploylens-bench-route-'));
try {
  const { parseNginx, routeRequest, routingModel, parseRequestUrl } = await load(work);
  const { text, paths } = makeConfig(LOCATIONS);
  const t0 = performance.now();
  const main = parseNginx(text, '/etc/nginx/nginx.conf');
  const parseMs = performance.now() - t0;
  const config = { main, context: 'main', files: new Map([[main.path, main]]), includes: new Map(), findings: [] };
  const t1 = performance.now();
  const model = routingModel(config);
  const modelMs = performance.now() - t1;
  const locs = model.servers.reduce((n, s) => n + s.allLocations.length, 0);

  const mutate = (p) => pick([p, p + 'x', p + '/index.html', p.toUpperCase(), p + '/a/../b', '/miss' + p, p.slice(0, -1) || '/', '//' + p + '?q=1']);
  const hosts = ['bench.test', 'www.bench.test', 'a.other1.test', 'unknown.test'];
  const requests = [];
  for (let i = 0; i < URLS; i++) {
    const parsed = parseRequestUrl(`http://${pick(hosts)}${mutate(pick(paths))}`);
    requests.push({ host: parsed.host, port: parsed.port, path: parsed.path });
  }
  // Warm up the JIT, then time each URL on its own.
  for (let i = 0; i < Math.min(2000, requests.length); i++) routeRequest(config, requests[i]);
  const times = new Float64Array(requests.length);
  const kinds = new Map();
  const tAll = performance.now();
  for (let i = 0; i < requests.length; i++) {
    const s = performance.now();
    const r = routeRequest(config, requests[i]);
    times[i] = performance.now() - s;
    kinds.set(r.target.kind, (kinds.get(r.target.kind) ?? 0) + 1);
  }
  const totalMs = performance.now() - tAll;
  const sorted = [...times].sort((a, b) => a - b);
  const result = {
    locations: locs,
    configLines: text.split('\n').length,
    urls: requests.length,
    parseMs: +parseMs.toFixed(2),
    modelBuildMs: +modelMs.toFixed(2),
    perUrlUs: {
      median: +(quantile(sorted, 0.5) * 1000).toFixed(1),
      p99: +(quantile(sorted, 0.99) * 1000).toFixed(1),
      p999: +(quantile(sorted, 0.999) * 1000).toFixed(1),
      max: +(sorted[sorted.length - 1] * 1000).toFixed(1),
      mean: +((totalMs / requests.length) * 1000).toFixed(1),
    },
    targets: Object.fromEntries(kinds),
  };
  console.log(`config: ${locs} locations, ${result.configLines} lines; parse ${result.parseMs} ms, routing model ${result.modelBuildMs} ms (once per config)`);
  console.log(`route: ${requests.length} URLs, per URL median ${result.perUrlUs.median} µs, p99 ${result.perUrlUs.p99} µs, p99.9 ${result.perUrlUs.p999} µs, max ${result.perUrlUs.max} µs, mean ${result.perUrlUs.mean} µs`);
  console.log(`targets: ${JSON.stringify(result.targets)}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/route.json'), JSON.stringify(result, null, 2) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
