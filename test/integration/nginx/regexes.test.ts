// Differential test of nginx-invalid-regex against the real nginx: every pattern of the unit table
// and a few hundred generated ones (small random regexes, most of them broken by one mutation: a
// dropped ")", a leading "*", a range turned around, a bad escape, ...) go into a config three
// times: a `location ~`, an `if ($uri ~ ...)` and a `map` key, each on its own line, in a rotating
// order. nginx -t stops at the first regex it cannot compile; the checker must report
// nginx-invalid-regex on all three lines exactly when nginx fails with `pcre2_compile() failed`,
// and its message on nginx's line must be nginx's (counted, printed). Seed: REGEX_SEED.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineIndex } from '../../../server/src/common/text';
import { checkNginx, loadNginxConfig } from '../../../server/src/nginx/index';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { PATTERNS } from '../../unit/nginx/regexes.patterns';
import { prng } from '../routing/gen';

const NGINX = '/usr/sbin/nginx';
const SEED = Number(process.env.REGEX_SEED ?? 20240617);
const GENERATED = 400;


/** Random small regexes, then one or two mutations that often (not always) break them. */
function generate(count: number, rnd: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const ATOMS = ['a', 'b', '/', '-', '_', '\\.', '\\/', '\\d', '\\w', '\\s', '\\D', '.', '[a-z]', '[^/]', '[[:alpha:]_]', '[]a]', '[\\d.-]', '[A-Fa-f0-9]', 'é', '\\x41', '\\Qa+\\E', 'x{', '}'];
  const QUANTS = ['*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?', '++', '{1,2}+'];
  let groups = 0;
  let names: string[] = [];
  const seq = (depth: number, fixed: boolean): string => {
    let out = '';
    const n = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) {
      let item: string;
      const r = rnd();
      if (depth < 3 && r < 0.3) {
        const kind = pick(['(', '(?:', '(?<name>', '(?=', '(?!', '(?<=', '(?>', "(?'name'", '(?i:']);
        const inner = kind === '(?<=' || fixed;
        let open = kind;
        if (kind.includes('name')) {
          const name = `g${names.length}x`;
          names.push(name);
          open = kind.replace('name', name);
        }
        if (open === '(' || open.includes('x>') || open.includes("x'")) groups++;
        const alts = rnd() < 0.3 ? `${seq(depth + 1, inner)}|${seq(depth + 1, inner)}` : seq(depth + 1, inner);
        item = `${open}${alts})`;
      } else if (r < 0.35 && groups > 0) item = rnd() < 0.5 ? `\\${1 + Math.floor(rnd() * groups)}` : names.length ? `\\k<${pick(names)}>` : '\\1';
      else if (r < 0.4) item = pick(['^', '$', '\\b']);
      else item = pick(ATOMS);
      if (!fixed && rnd() < 0.3 && !/^(\^|\$|\\b)$/.test(item)) item += pick(QUANTS);
      else if (fixed && rnd() < 0.15) item += '{2}';
      out += item;
    }
    return out;
  };
  const MUTATIONS: Array<(p: string) => string> = [
    (p) => removeOne(p, ')'),
    (p) => removeOne(p, '('),
    (p) => removeOne(p, ']'),
    (p) => pick(['*', '+', '?', '{2}']) + p,
    (p) => p.replace(/[*+?]/, (q) => q + pick(['*', '{2}', '?+'])),
    (p) => p.replace('a-z', 'z-a').replace('A-F', 'F-A'),
    (p) => insert(p, pick(['\\i', '\\y', '\\q', '\\u', '\\L', '\\N{x}', '\\x{100}', '\\o{9}', '\\c\u00e9'])),
    (p) => p + '\\',
    (p) => insert(p, '['),
    (p) => insert(p, `(?${pick(['Q', 'Z', 'a', 'e', '-', '^', 'P', '<'])})`),
    (p) => insert(p, pick(['(?<=a+)', '(?<=a|bc?)', '(?<!x(y|zz))', '(?<=\\R)', '(?<=a{1,2})'])),
    (p) => insert(p, pick(['\\7', '\\k<zz>', '(?&zz)', '(?4)', '\\g{-9}', '(?P=zz)', '\\g{8}'])),
    (p) => insert(p, pick(['[:alpha:]', '[[:foo:]]', '[[.a.]]', '[a-\\d]', '[\\w-z]'])),
    (p) => insert(p, pick(['a{3,2}', 'a{70000}', 'a{,3}', 'a{2', '^*', '\\b+', '(?i)*'])),
    (p) => (p.includes('(?<g') ? p + p.slice(p.indexOf('(?<g'), p.indexOf('>', p.indexOf('(?<g')) + 1) + 'q)' : p + '(?<dup>a)(?<dup>b)'),
    (p) => insert(p, pick(['(?<1x>a)', '(?<a-b>c)', '(?<>d)', "(?'n"])),
    (p) => p + pick(['(?#c', '(*MARK)', '(*NOPE)', '(?C256)', '\\c']),
    (p) => insert(p, pick(['(?#ok)', '\\Q)\\E', '[)]', '\\)', '(?x: a b )', '(?(1)a|b)', '(*ACCEPT)', '(?|(a)|(b))'])),
  ];
  function insert(p: string, s: string): string {
    // Not inside an escape: before a character that does not follow a backslash.
    const spots = [...p].map((_, i) => i).filter((i) => i === 0 || p[i - 1] !== '\\');
    const at = spots.length ? pick(spots) : 0;
    return p.slice(0, at) + s + p.slice(at);
  }
  function removeOne(p: string, c: string): string {
    const spots = [...p].map((ch, i) => (ch === c && (i === 0 || p[i - 1] !== '\\') ? i : -1)).filter((i) => i >= 0);
    if (!spots.length) return p + c;
    const at = pick(spots);
    return p.slice(0, at) + p.slice(at + 1);
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    groups = 0;
    names = [];
    let p = seq(0, false);
    const mutations = rnd() < 0.25 ? 0 : rnd() < 0.8 ? 1 : 2;
    for (let m = 0; m < mutations; m++) p = pick(MUTATIONS)(p);
    out.push(p);
  }
  return out;
}

/** A pattern as a quoted nginx word: nginx turns `\\` into `\` and `\"` into `"` (and `\t`, `\n`, `\r` into controls). */
function quote(pattern: string): string {
  return '"' + pattern.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** The config for one pattern; `order` rotates which of the three regexes nginx meets first. Returns its text and the three lines. */
function config(dir: string, pattern: string, order: number): { text: string; lines: number[] } {
  const q = quote(pattern);
  // A map key "~*x" is the caseless x: a pattern starting with "*" needs the explicit "~*".
  const key = quote((pattern.startsWith('*') ? '~*' : '~') + pattern);
  const head = [`error_log ${dir}/error.log;`, `pid ${dir}/nginx.pid;`, 'events {}', 'http {', 'access_log off;', ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`)];
  const map = [`map $uri $m${order} {`, `${key} 1;`, 'default 0;', '}'];
  const loc = [`location ~ ${q} {`, 'return 204;', '}'];
  const iff = [`if ($uri ~ ${q}) {`, 'return 204;', '}'];
  const server = (first: string[], second: string[]) => ['server {', 'listen 127.0.0.1:8;', ...first, ...second, '}'];
  const body = order === 0 ? [...map, ...server(loc, iff)] : order === 1 ? [...server(loc, iff), ...map] : [...server(iff, loc), ...map];
  const all = [...head, ...body, '}', ''];
  const lines = all.flatMap((l, i) => (l.includes(q) || l.includes(key) ? [i + 1] : []));
  return { text: all.join('\n'), lines };
}

/** nginx -t: its pcre2 error and line, another failure, or ok. */
function nginxT(dir: string): Promise<{ ok: boolean; pcre?: { message: string; line: number }; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NGINX, ['-t', '-q', '-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'stderr.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /\[emerg\] (pcre2_compile\(\) failed: .*) in \/\S+:(\d+)$/m.exec(stderr);
      resolve({ ok: code === 0, pcre: m ? { message: m[1], line: Number(m[2]) } : undefined, stderr });
    });
  });
}

const root = mkdtempSync(join(tmpdir(), 'deploylens-regex-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('nginx-invalid-regex agrees with nginx -t (location, if, map key)', { skip: !existsSync(NGINX) && 'nginx is not installed' }, async () => {
  const started = Date.now();
  const patterns = [...PATTERNS.map((r) => r[0]), ...generate(GENERATED, prng(SEED))];
  const host = new NodeHost();
  const results: Array<{ pattern: string; problem: string | null; messageSame: boolean; invalid: boolean }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < patterns.length) {
      const i = next++;
      const pattern = patterns[i];
      const dir = join(root, `p${i}`);
      mkdirSync(dir);
      const { text, lines } = config(dir, pattern, i % 3);
      writeFileSync(join(dir, 'nginx.conf'), text);
      const verdict = await nginxT(dir);
      const conf = join(dir, 'nginx.conf');
      const index = new LineIndex(readFileSync(conf, 'utf8'));
      const mine = checkNginx(loadNginxConfig(host, conf)).filter((f) => f.code === 'nginx-invalid-regex');
      const mineLines = mine.map((f) => index.humanAt(f.start).line);
      rmSync(dir, { recursive: true, force: true });
      let problem: string | null = null;
      if (!verdict.ok && !verdict.pcre) problem = `nginx failed otherwise: ${verdict.stderr.trim().split('\n')[0]}`;
      else if (verdict.pcre && !(lines.every((l) => mineLines.includes(l)) && mineLines.length === 3)) problem = `nginx: ${verdict.pcre.message} (line ${verdict.pcre.line}); checker: lines ${mineLines.join(',') || 'none'}`;
      else if (!verdict.pcre && mine.length) problem = `nginx accepts it; checker: ${mine[0].message}`;
      const atNginxLine = verdict.pcre && mine.find((f) => index.humanAt(f.start).line === verdict.pcre!.line);
      results.push({ pattern, problem, invalid: !!verdict.pcre, messageSame: !verdict.pcre || atNginxLine?.message === verdict.pcre.message });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const bad = results.filter((r) => r.problem);
  const invalid = results.filter((r) => r.invalid).length;
  const messages = results.filter((r) => r.invalid && r.messageSame).length;
  console.log(`regex verdicts agree with nginx -t: ${results.length - bad.length}/${results.length} patterns (${invalid} invalid; nginx's exact message for ${messages}/${invalid}); seed ${SEED}; ${Date.now() - started} ms`);
  assert.deepEqual(bad.map((r) => `${JSON.stringify(r.pattern)}: ${r.problem}`), []);
  // The generator must keep producing both kinds, or the test proves little.
  assert.ok(invalid > results.length * 0.4 && invalid < results.length * 0.9, `${invalid} invalid of ${results.length}`);
});
