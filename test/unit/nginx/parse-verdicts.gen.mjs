#!/usr/bin/env node
// Regenerates test/unit/nginx/parse-verdicts.json: random token soups, each placed inside a
// `types { }` block (whose handler takes any words, so only nginx's reader decides), and the verdict
// of the real `nginx -t` on each. The unit test parse-verdicts.test.ts replays them against the
// parser, so the tokenizer is checked against nginx itself without running nginx in unit tests.
//
// Usage: node test/unit/nginx/parse-verdicts.gen.mjs [count]   (needs /usr/sbin/nginx)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const COUNT = Number(process.argv[2] ?? 800);
const NGINX = '/usr/sbin/nginx';
const here = new URL('.', import.meta.url).pathname;

// The pieces that exercise nginx's reader: separators, quotes, escapes, `$` and `${`, comments,
// braces, `)` after quotes, UTF-8.
const PIECES = ['a', 'b', 'ab', ' ', ' ', '\n', '\t', '\r\n', ';', ';', '{', '}', '#', '"', "'", '\\', '$', '${', '"x"', "'y'", '")', '(', ')', 'é', '"a b"'];

/** A small deterministic PRNG (mulberry32), so the fixture is reproducible. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The whole nginx.conf for one input; the test rebuilds exactly this text. */
export function wrap(input, dir) {
  return `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\naccess_log off;\ntypes {\n${input}\n}\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const random = rng(20260722);
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-verdicts-'));
  const cases = [];
  try {
    for (let i = 0; i < COUNT; i++) {
      const n = 1 + Math.floor(random() * 14);
      let input = '';
      for (let k = 0; k < n; k++) input += PIECES[Math.floor(random() * PIECES.length)];
      // Every statement in the soup needs a first word; plain `a`/`b` keep most inputs acceptable.
      if (random() < 0.5) input = `a ${input};`;
      writeFileSync(join(dir, 'nginx.conf'), wrap(input, dir));
      const r = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
      const emerg = /\[emerg\] \d+#\d+: (.*?) in /.exec(r.stderr ?? '');
      cases.push({ input, accepted: r.status === 0, nginx: emerg ? emerg[1] : null });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const accepted = cases.filter((c) => c.accepted).length;
  // The test parses wrap(input, DIR) with this placeholder DIR (plain characters: it tokenizes the same).
  const [prefix, suffix] = wrap('\u0000', '/tmp/deploylens-verdicts').split('\u0000');
  const out = { generator: 'test/unit/nginx/parse-verdicts.gen.mjs', nginx: spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim(), prefix, suffix, cases };
  writeFileSync(join(here, 'parse-verdicts.json'), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${cases.length} cases, ${accepted} accepted by nginx`);
}
