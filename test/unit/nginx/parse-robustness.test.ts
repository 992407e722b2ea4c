// Hostile and large inputs: the parser stays iterative, linear and bounded in the errors it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Statement } from '../../../server/src/nginx/ast';
import { MAX_DEPTH, MAX_ERRORS, parseNginx } from '../../../server/src/nginx/parser';
import { printNginx } from '../../../server/src/nginx/print';
import { checkInvariants } from './parse-helpers';

/** Runs `f`, measuring this process's CPU time (not wall time: other tests may share the cores). */
function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { value, ms: (d.user + d.system) / 1000 };
}

/** The deepest nesting of blocks in a tree (iterative). */
function depthOf(children: Statement[]): number {
  let max = 0;
  const stack: Array<[Statement[], number]> = [[children, 0]];
  while (stack.length > 0) {
    const [list, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const s of list) if (s.type === 'directive' && s.block) stack.push([s.block.children, d + 1]);
  }
  return max;
}

const hostile: Array<{ name: string; text: string; maxErrors: number }> = [
  { name: 'one million {', text: '{'.repeat(1_000_000), maxErrors: MAX_ERRORS + 2 },
  { name: 'one million }', text: '}'.repeat(1_000_000), maxErrors: MAX_ERRORS + 1 },
  { name: 'one million ;', text: ';'.repeat(1_000_000), maxErrors: MAX_ERRORS + 1 },
  { name: 'one million nested named blocks, never closed', text: 'a {'.repeat(1_000_000), maxErrors: 3 },
  { name: 'one million nested named blocks, closed', text: 'a {'.repeat(300_000) + '}'.repeat(300_000), maxErrors: 1 },
  { name: 'one million quotes', text: '"'.repeat(1_000_000), maxErrors: MAX_ERRORS + 1 },
  { name: 'many unterminated strings on separate lines', text: 'a "\n'.repeat(200_000), maxErrors: MAX_ERRORS + 1 },
  { name: 'one million nested Lua braces', text: `content_by_lua_block ${'{'.repeat(1_000_000)}`, maxErrors: 1 },
  { name: 'a 1 MB word full of escapes', text: `a ${'\\n'.repeat(500_000)};`, maxErrors: 1 },
  { name: 'a 1 MB comment', text: `#${'x'.repeat(1_000_000)}`, maxErrors: 1 },
];

for (const { name, text, maxErrors } of hostile) {
  test(`hostile input: ${name}: fast, bounded errors, depth bounded, round trip`, () => {
    const { value: file, ms } = timed(() => parseNginx(text, 'h.conf'));
    assert.ok(ms < 1500, `parse took ${ms.toFixed(0)} ms`);
    assert.ok(file.errors.length <= maxErrors, `${file.errors.length} errors`);
    assert.ok(depthOf(file.children) <= MAX_DEPTH + 1, 'tree depth bounded');
    assert.equal(printNginx(file), text);
  });
}

test('one million {: the first error is at offset 0, then "too many errors", then how many blocks are open', () => {
  const file = parseNginx('{'.repeat(1_000_000));
  assert.equal(file.errors[0].code, 'nginx-empty-directive');
  assert.equal(file.errors[0].start, 0);
  const [tooMany, summary] = file.errors.slice(-2);
  assert.equal(tooMany.code, 'nginx-too-many-errors');
  assert.equal(summary.code, 'nginx-unclosed-block');
  assert.match(summary.message, /1000000 blocks are not closed/);
});

test('deeply nested named blocks: the first unclosed block and one summary error', () => {
  const file = parseNginx('a {'.repeat(1000));
  const unclosed = file.errors.filter((e) => e.code === 'nginx-unclosed-block');
  assert.equal(unclosed.length, 2);
  assert.equal(unclosed[0].start, 2);
  assert.match(unclosed[1].message, /999 more blocks are not closed/);
  assert.equal(file.errors.filter((e) => e.code === 'nginx-nesting-too-deep').length, 1);
});

test('nesting up to the depth limit is kept whole, with no error', () => {
  const n = MAX_DEPTH;
  const text = 'a {'.repeat(n) + '}'.repeat(n);
  const file = parseNginx(text);
  assert.deepEqual(file.errors, []);
  assert.equal(depthOf(file.children), n);
  checkInvariants(file);
});

/** A realistic config of about `lines` lines. */
function realistic(lines: number): string {
  const parts: string[] = ['user www-data;\nworker_processes auto;\nevents { worker_connections 768; }\nhttp {\n'];
  let n = 4;
  for (let i = 0; n < lines; i++) {
    parts.push(
      `  # site ${i}\n  upstream app${i} { server unix:/run/gunicorn${i}.sock fail_timeout=0; }\n`,
      `  map $http_upgrade $conn${i} { default upgrade; '' close; }\n`,
      `  server {\n    listen 80;\n    server_name site${i}.example.com "www.site${i}.example.com";\n`,
      `    location /static/ { alias /srv/app${i}/static/; expires 30d; }\n`,
      `    location ~* \\.(png|jpe?g)$ { add_header Cache-Control "public, max-age=3600"; }\n`,
      `    location / {\n      proxy_set_header Host $host;\n      proxy_pass http://app${i};\n    }\n  }\n`,
    );
    n += 12;
  }
  parts.push('}\n');
  return parts.join('');
}

test('linear time: a ~5 MB config parses in about 5x the time of a ~1 MB one, not 25x', () => {
  const small = realistic(40_000);
  const large = realistic(200_000);
  assert.ok(large.length > 5_000_000, `${large.length} chars`);
  parseNginx(small); // warm up
  const best = (t: string) => Math.min(...[0, 1].map(() => timed(() => parseNginx(t)).ms));
  const tSmall = best(small);
  const tLarge = best(large);
  const file = parseNginx(large);
  assert.deepEqual(file.errors, []);
  assert.equal(printNginx(file), large);
  // Quadratic behaviour would make the ratio ~25; allow generous noise around the linear 5.
  assert.ok(tLarge < tSmall * 12 + 50, `1 MB: ${tSmall.toFixed(0)} ms, 5 MB: ${tLarge.toFixed(0)} ms`);
  assert.ok(tLarge < 5000, `5 MB took ${tLarge.toFixed(0)} ms`);
});

test('plain words share the text (value === raw, no copies), escaped words are resolved', () => {
  const file = parseNginx('a bc "d\\"e";');
  const d = file.children[0];
  assert.ok(d.type === 'directive');
  assert.equal(d.args[0].value, 'bc');
  assert.equal(d.args[0].value, d.args[0].raw);
  assert.equal(d.args[1].value, 'd"e');
});
