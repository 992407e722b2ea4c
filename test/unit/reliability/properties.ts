/**
 * The reliability properties, shared by the CI suite (test/unit/reliability/*.test.ts, ~1e4 cases)
 * and the nightly-sized fuzzer (bench/fuzz.mjs, 1e6 cases). Each property takes any input the
 * arbitraries make (random bytes, token soups, real configurations truncated or with characters
 * deleted, duplicated or swapped) and asserts what must hold whatever the input:
 * - nothing throws; no rule fails internally (`deploylens-internal`);
 * - every range (finding, fix edit, node, reference) lies inside its document;
 * - parse -> print gives the text back exactly;
 * - formatting is idempotent and changes only whitespace;
 * - applying a fix changes only its range, and checking the fixed text again does not fail.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import type { Finding } from '../../../server/src/common/diagnostics';
import { parseNginx } from '../../../server/src/nginx/parser';
import { printNginx } from '../../../server/src/nginx/print';
import { loadNginxConfig } from '../../../server/src/nginx/includes';
import { routeRequest } from '../../../server/src/nginx/routing/index';
import { formatNginx, withoutWhitespace } from '../../../server/src/features/nginx/format';
import { checkPath } from '../../../server/src/project/check';
import { applyEdits } from '../../../server/src/project/fixes';
import { parseArgv } from '../../../server/src/gunicorn/argv';
import { shlexSplit, splitWords } from '../../../server/src/gunicorn/shell';
import { parseUnitFile } from '../../../server/src/gunicorn/systemd/unit';
import { plainWord } from '../../../server/src/gunicorn/words';
import { readGunicornWorkspace } from '../../../server/src/gunicorn/index';
import { evaluateModule } from '../../../server/src/python/evaluate';
import { isPythonReady, releasePythonTree } from '../../../server/src/python/parse';
import { defaultSettings } from '../../../shared/src/settings';
import { CORPUS_DIR, SHARED_FIXTURES } from '../../helpers/shared';

/** Re-exported so that a bundle of this file (bench/fuzz.mjs) initialises its own Python parser. */
export { loadPythonParser } from '../../../server/src/node/python';

/** The repository root (this file is test/unit/reliability/properties.ts, or a bundle of it given REPO). */
export const REPO = process.env.DEPLOYLENS_REPO ?? join(__dirname, '..', '..', '..');
const CORPUS = CORPUS_DIR;

function filesUnder(dir: string, keep: (p: string) => boolean, out: string[] = []): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) filesUnder(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out;
}

let nginxSeedCache: string[] | undefined;

/**
 * Real nginx configurations to mutate: every 7th valid corpus case (80 or so, all sources), the
 * project's examples and workspace fixtures, and the security fixtures. Bounded to 64 KB each.
 */
export function nginxSeeds(): string[] {
  if (nginxSeedCache) return nginxSeedCache;
  const out: string[] = [];
  try {
    const cases = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as Array<{ main: string; verdict: string }>;
    cases.filter((c) => c.verdict === 'valid').forEach((c, i) => {
      if (i % 7 === 0) out.push(readFileSync(join(CORPUS, c.main), 'utf8'));
    });
  } catch {
    // no corpus on this machine: the project's own files still seed
  }
  const nginxLike = (p: string) => /nginx|sites-|\.conf$/.test(p) && !p.endsWith('.json');
  for (const dir of ['examples', 'test/fixtures/security', 'test/fixtures/workspaces']) {
    for (const f of filesUnder(join(REPO, dir), nginxLike)) out.push(readFileSync(f, 'utf8'));
  }
  nginxSeedCache = out.filter((t) => t.length < 65536);
  return nginxSeedCache;
}

let pythonSeedCache: string[] | undefined;

/** Real Python files (app fixtures, examples, gunicorn configs) to mutate. */
export function pythonSeeds(): string[] {
  pythonSeedCache ??= [join(REPO, 'test/fixtures/apps'), join(REPO, 'examples'), join(REPO, 'test/fixtures/gunicorn')]
    .flatMap((d) => filesUnder(d, (p) => p.endsWith('.py')))
    .map((f) => readFileSync(f, 'utf8'))
    .filter((t) => t.length < 65536);
  return pythonSeedCache;
}

let unitSeedCache: string[] | undefined;

/** Real systemd units, Procfiles, supervisor files (gunicorn launchers) to mutate. */
export function launcherSeeds(): string[] {
  unitSeedCache ??= [join(REPO, 'test/fixtures/gunicorn'), join(REPO, 'examples'), SHARED_FIXTURES]
    .flatMap((d) => filesUnder(d, (p) => /\.(service|socket)$|Procfile|supervisor/.test(p)))
    .map((f) => readFileSync(f, 'utf8'));
  return unitSeedCache;
}

let workspaceSeedCache: Array<Record<string, string>> | undefined;

/** The workspace fixtures (nginx + gunicorn + app, as deployed), each as relative path -> text. */
export function workspaceSeeds(): Array<Record<string, string>> {
  if (workspaceSeedCache) return workspaceSeedCache;
  const base = join(REPO, 'test/fixtures/workspaces');
  const out: Array<Record<string, string>> = [];
  let names: string[] = [];
  try {
    names = readdirSync(base).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    const dir = join(base, name);
    if (!statSync(dir).isDirectory()) continue;
    const files: Record<string, string> = {};
    for (const f of filesUnder(dir, (p) => !/(?:case|expected)\.json$/.test(p))) files[f.slice(dir.length + 1)] = readFileSync(f, 'utf8');
    out.push(files);
  }
  workspaceSeedCache = out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** A mutation of a text: truncation, a deletion, a duplication, a swap of neighbours, an insertion. */
type Mutation = { kind: 'truncate' | 'delete' | 'duplicate' | 'swap' | 'insert'; at: number; len: number; insert: string };

function mutate(text: string, m: Mutation): string {
  if (text.length === 0) return m.insert;
  const at = m.at % (text.length + 1);
  const len = Math.min(m.len, text.length - at);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + Math.max(1, len));
    case 'duplicate':
      return text.slice(0, at + len) + text.slice(at, at + len) + text.slice(at + len);
    case 'swap':
      return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2) : text;
    case 'insert':
      return text.slice(0, at) + m.insert + text.slice(at);
  }
}

const NGINX_TOKENS = [
  ' ', ' ', '\n', '\n    ', '\t', '\r\n', ';', ';', '{', '}', '{', '}', '"', "'", '\\', '#', '# c\n', '$', '${', '$uri', '$1', '$http_host', '$arg_x',
  'server', 'location', 'location ~ ^/a(.*)$', 'location /static', 'location = /x', 'location ^~ /p/', 'location @n', 'http', 'events', 'upstream u',
  'server unix:/run/g.sock', 'listen 80', 'listen 443 ssl', 'listen [::]:80 default_server', 'server_name example.com *.ex ~^(?<s>.+)$',
  'root /srv', 'alias /srv/static/', 'alias /srv/$1', 'proxy_pass http://u', 'proxy_pass http://unix:/run/g.sock:/', 'proxy_pass $arg_u',
  'proxy_set_header Host $http_host', 'add_header X $uri', 'return 301 https://$host$uri', 'rewrite ^/(.*)$ /$1 last', 'try_files $uri =404',
  'if ($http_origin ~* "^https://a.b")', 'if (-f $request_filename)', 'set $x $uri', 'map $http_origin $o {', '~^https://x\\.y$ 1;', 'default 0;',
  'include', 'include *.conf', 'include /etc/nginx/proxy_params', 'ssl_protocols TLSv1 TLSv1.2', 'ssl_ciphers RC4:HIGH', 'server_tokens on',
  'valid_referers none ~a.b', 'content_by_lua_block {', 'error_page 404 /x', 'types {', 'geo $g {', '(', ')', '~', '~*', '^~', '=', '*',
  'é', '日本', '😀', '\u0000', '\uFFFD', 'a'.repeat(40),
];

/** Token soups: nginx-ish words and punctuation in any order. */
export const nginxSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...NGINX_TOKENS), { maxLength: 80 }).map((a) => a.join(''));

/** Random bytes decoded as the host decodes files (UTF-8, invalid sequences as U+FFFD) or as Latin-1. */
export const randomBytesText: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean())
  .map(([bytes, utf8]) => Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1'));

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('truncate', 'delete', 'duplicate', 'swap', 'insert'),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  insert: fc.constantFrom(...NGINX_TOKENS),
});

/** A real text with 1 to 4 mutations applied. */
export function mutated(seeds: () => string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([i, ms]) => {
      const list = seeds();
      let t = list.length ? list[i % list.length] : '';
      for (const m of ms) t = mutate(t, m);
      return t;
    });
}

/**
 * A real configuration with whitespace inserted or removed at random places (tokens may merge): the
 * inputs on which the formatter really works (most other inputs have syntax errors and are refused).
 */
export const whitespaceMutated: fc.Arbitrary<string> = fc
  .tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '  ', '\t', '\n', '\n\n\n', '\r\n', '', '')), { maxLength: 12 }))
  .map(([i, edits]) => {
    const list = nginxSeeds();
    let t = list.length ? list[i % list.length] : '';
    for (const [at, ws] of edits) {
      const p = t.length ? at % t.length : 0;
      // '' deletes the whitespace run at p, anything else inserts there.
      if (ws === '') {
        let e = p;
        while (e < t.length && /[ \t\r\n]/.test(t[e])) e++;
        t = t.slice(0, p) + t.slice(e);
      } else t = t.slice(0, p) + ws + t.slice(p);
    }
    return t;
  });

/** Any nginx text: a third random bytes, a third token soups, a third mutated real configurations. */
export const nginxText: fc.Arbitrary<string> = fc.oneof(randomBytesText, nginxSoup, mutated(nginxSeeds), mutated(nginxSeeds));

const PY_TOKENS = ['\n', '\n    ', '    ', 'x = ', 'import os\n', 'from . import *\n', 'def f(', 'class C:', '(', ')', '[', ']', '{', '}', ',', ':', "'", '"', '"""', "f'{x}'", 'os.environ.get("A", "b")', 'Path(__file__).resolve().parent', ' / ', 'bind = ', '"unix:/run/g.sock"', 'workers = 3', 'def on_starting(server):', 'open("/tmp/x", "w")', 'ALLOWED_HOSTS = ["*"]', 'Flask(__name__)', '\\', '#', 'lambda', '*', '**', 'if ', 'else:', 'for i in range(10):', '😀', '\uFFFD'];

/** Any Python text: random bytes, token soups, mutated real files. */
export const pythonText: fc.Arbitrary<string> = fc.oneof(
  randomBytesText,
  fc.array(fc.constantFrom(...PY_TOKENS), { maxLength: 60 }).map((a) => a.join('')),
  mutated(pythonSeeds),
  mutated(pythonSeeds),
);

const UNIT_TOKENS = ['\n', '[Unit]\n', '[Service]\n', '[Socket]\n', 'ExecStart=', 'ExecStart=/usr/bin/gunicorn ', '--bind ', 'unix:/run/g.sock ', '-b 127.0.0.1:8000 ', '-w 3 ', '--chdir /srv ', 'wsgi:app', 'WorkingDirectory=', 'Environment="A=b c"', 'EnvironmentFile=-/etc/x', 'User=www', 'ListenStream=/run/g.sock', '\\\n', '"', "'", '$A', '${A}', '%i', '%%', ';', ' ', '=', '#', 'sh -c "cd /x && gunicorn a:b"', 'web: gunicorn a:b', '[program:x]\ncommand=gunicorn a:b\n'];

/** Any launcher text (systemd units, Procfile, supervisor). */
export const launcherText: fc.Arbitrary<string> = fc.oneof(
  randomBytesText,
  fc.array(fc.constantFrom(...UNIT_TOKENS), { maxLength: 50 }).map((a) => a.join('')),
  mutated(launcherSeeds),
  mutated(launcherSeeds),
);

/** A workspace fixture with one of its files mutated (1 to 3 mutations). */
export const workspaceArb: fc.Arbitrary<Record<string, string>> = fc
  .tuple(fc.nat(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([i, j, ms]) => {
    const list = workspaceSeeds();
    const ws = { ...(list.length ? list[i % list.length] : { 'site.conf': '' }) };
    const keys = Object.keys(ws).sort();
    const key = keys[j % keys.length];
    for (const m of ms) ws[key] = mutate(ws[key], m);
    return ws;
  });

/** A request to route: any host (or none), any request target bytes, a port. */
export const requestArb = fc.record({
  host: fc.option(fc.oneof(fc.constantFrom('example.com', 'www.example.com', 'EXAMPLE.com.', 'a_b', '[::1]:80', 'x:99999', ''), fc.string({ maxLength: 20 })), { nil: null }),
  path: fc.oneof(fc.constantFrom('/', '/static/x.css', '/static../x', '/a/../b', '//x//y', '/%2e%2e/x', '/a?b=c#d', '/%00', '/é', '*', 'http://x/y'), fc.string({ maxLength: 40 }).map((s) => '/' + s)),
  port: fc.constantFrom(80, 443, 8000, 8080),
});

// ---------------------------------------------------------------------------------------------
// Properties

function inside(start: number, end: number, len: number, what: string): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= len, `${what} range ${start}-${end} outside a text of ${len}`);
}

/** parse never throws, print(parse(t)) === t, every node and error lies inside the text in order. */
export function parserProperty(text: string): void {
  const file = parseNginx(text, '/ws/x.conf');
  assert.equal(printNginx(file), text, 'print(parse(text)) === text');
  for (const e of file.errors) inside(e.start, e.end, text.length, `error ${e.code}`);
  const stack = [...file.children];
  let visited = 0;
  while (stack.length) {
    const s = stack.pop()!;
    visited++;
    inside(s.start, s.end, text.length, 'node');
    if (s.type === 'directive') {
      for (const w of [s.nameWord, ...s.args]) {
        inside(w.start, w.end, text.length, 'word');
        assert.equal(w.raw, text.slice(w.start, w.end));
      }
      if (s.block) {
        inside(s.block.start, s.block.end, text.length, 'block');
        stack.push(...s.block.children);
      }
    }
  }
  assert.ok(visited <= text.length + 1, 'no more nodes than characters');
}

/** The formatter changes whitespace only, its output is stable, and it parses without errors. */
export function formatterProperty(text: string): boolean {
  const once = formatNginx(text);
  if (once === undefined) return false;
  assert.equal(withoutWhitespace(once), withoutWhitespace(text), 'formatting changes only whitespace');
  assert.equal(parseNginx(once).errors.length, 0, 'the formatted text parses');
  assert.equal(formatNginx(once), once, 'formatting is idempotent');
  return true;
}

/** Asserts what every finding must satisfy: no internal failure, its range, related places and fix edits inside their files. */
export function checkFindings(host: MemoryHost, findings: Finding[], where: string): void {
  for (const f of findings) {
    assert.notEqual(f.code, 'deploylens-internal', `${where}: ${f.message}`);
    const text = host.readFile(f.file);
    if (text === undefined) continue; // a file outside the host (Debian's built-ins): nothing to check against
    inside(f.start, f.end, text.length, `finding ${f.code}`);
    for (const r of f.related ?? []) {
      const rt = host.readFile(r.file);
      if (rt !== undefined) inside(r.start, r.end, rt.length, `related of ${f.code}`);
    }
    for (const fix of f.fixes ?? []) {
      for (const e of fix.edits) {
        const et = host.readFile(e.file);
        assert.ok(et !== undefined, `fix of ${f.code} edits a file the host does not have`);
        inside(e.start, e.end, et.length, `edit of ${f.code}`);
      }
    }
  }
}

/**
 * The checker (syntax, validation, cross-file and security rules) on one nginx file: no throw, no
 * internal failure, ranges inside; then every fix of every finding applied on its own: the text
 * changes only inside the fix's edits, and checking the fixed text again does not fail.
 * `maxFixes` bounds the re-checks per case.
 */
export function checkerProperty(text: string, maxFixes = 3): void {
  const file = '/ws/sites-available/site.conf';
  const host = new MemoryHost({ [file]: text, '/ws/snippets/x.conf': 'add_header X-S 1;\n' });
  const { findings } = checkPath(host, file, defaultSettings);
  checkFindings(host, findings, 'check');
  let fixed = 0;
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (fixed++ >= maxFixes) return;
      const edits = fix.edits.filter((e) => e.file === file);
      if (edits.length !== fix.edits.length) continue;
      const { text: after, applied, skipped } = applyEdits(text, edits);
      assert.equal(skipped.length, 0, `the edits of "${fix.title}" overlap`);
      // Everything outside the edited ranges is unchanged: rebuild the text from the untouched parts.
      const sorted = [...applied].sort((a, b) => a.start - b.start);
      let rebuilt = '';
      let pos = 0;
      for (const e of sorted) {
        rebuilt += text.slice(pos, e.start) + e.newText;
        pos = e.end;
      }
      rebuilt += text.slice(pos);
      assert.equal(after, rebuilt, `"${fix.title}" changes only its ranges`);
      const host2 = new MemoryHost({ [file]: after });
      checkFindings(host2, checkPath(host2, file, defaultSettings).findings, `re-check after "${fix.title}"`);
    }
  }
}

/**
 * A whole workspace (nginx, gunicorn launchers, the app) checked as a folder: the cross-file rules
 * and their fixes (which may edit several files). No internal failure, ranges inside; each applied
 * fix changes only its ranges, and the workspace checked again after it does not fail.
 */
export function workspaceProperty(files: Record<string, string>, maxFixes = 2): void {
  const root = '/ws';
  const host = new MemoryHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${root}/${k}`, v])));
  const { findings } = checkPath(host, root, defaultSettings);
  checkFindings(host, findings, 'workspace check');
  let fixed = 0;
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      if (fixed++ >= maxFixes) return;
      const after = new MemoryHost(Object.fromEntries(host.paths().map((p) => [p, host.readFile(p)!])));
      const byFile = new Map<string, typeof fix.edits>();
      for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
      for (const [file, edits] of byFile) {
        const text = host.readFile(file)!;
        const r = applyEdits(text, edits);
        assert.equal(r.skipped.length, 0, `the edits of "${fix.title}" overlap`);
        const sorted = [...r.applied].sort((a, b) => a.start - b.start);
        let rebuilt = '';
        let pos = 0;
        for (const e of sorted) {
          rebuilt += text.slice(pos, e.start) + e.newText;
          pos = e.end;
        }
        assert.equal(r.text, rebuilt + text.slice(pos), `"${fix.title}" changes only its ranges`);
        after.set(file, r.text);
      }
      checkFindings(after, checkPath(after, root, defaultSettings).findings, `re-check after "${fix.title}"`);
    }
  }
}

/** The router on any configuration and request: an answer, never a throw; refs inside their files. */
export function routerProperty(text: string, req: { host: string | null; path: string; port: number }): void {
  const file = '/ws/site.conf';
  const host = new MemoryHost({ [file]: text });
  const config = loadNginxConfig(host, file);
  const r = routeRequest(config, { host: req.host, path: req.path, port: req.port });
  assert.ok(r && typeof r.target === 'object' && typeof r.target.kind === 'string', 'a target');
  if (r.status !== undefined) assert.ok(r.status >= 100 && r.status < 1000, `status ${r.status}`);
  const refs = [r.server?.ref, r.location?.ref, 'ref' in r.target ? r.target.ref : undefined, r.errorPage?.ref, ...r.trace.map((s) => s.ref)];
  for (const ref of refs) {
    if (!ref) continue;
    const t = host.readFile(ref.file);
    if (t !== undefined) inside(ref.start, ref.end, t.length, 'route ref');
  }
}

/** The gunicorn command-line and systemd readers: no throw, word ranges inside the text. */
export function launcherProperty(text: string): void {
  const unit = parseUnitFile(text, '/ws/g.service');
  for (const e of unit.entries) inside(e.start, e.end, text.length, 'unit entry');
  const { words } = shlexSplit(text, '/ws/cmd');
  for (const w of words) inside(w.start, w.end, text.length, 'shell word');
  const sh = splitWords(text, '/ws/cmd', { mode: 'sh', env: () => null });
  for (const w of sh.commands.flat()) inside(w.start, w.end, text.length, 'sh word');
  const argv = parseArgv(words.map((w) => plainWord('/ws/cmd', w.value, w.start)), '20.1.0');
  assert.ok(argv && typeof argv === 'object');
}

/** A gunicorn workspace (unit + gunicorn.conf.py) read whole: no throw, findings inside their files. */
export function gunicornWorkspaceProperty(unit: string, conf: string): void {
  const host = new MemoryHost({ '/ws/etc/systemd/system/app.service': unit, '/ws/srv/app/gunicorn.conf.py': conf, '/ws/srv/app/wsgi.py': 'app = 1\n' });
  const gw = readGunicornWorkspace(host, '/ws');
  checkFindings(host, gw.findings, 'gunicorn workspace');
}

/** The Python evaluator (never runs the code): no throw, spans inside the text. */
export function pythonProperty(text: string): void {
  assert.ok(isPythonReady(), 'the Python parser is loaded');
  const mod = evaluateModule(text, { file: '/ws/app/settings.py', importModule: () => undefined });
  for (const a of mod.assignments) {
    inside(a.nameSpan.start, a.nameSpan.end, text.length, 'assignment name');
    inside(a.valueSpan.start, a.valueSpan.end, text.length, 'assignment value');
  }
  for (const e of mod.errors) inside(e.start, e.end, text.length, 'python error');
  // Nothing keeps the module: free its tree now (a fuzzing loop never lets the finalizers run).
  releasePythonTree(mod.tree);
}

/** Every property with its arbitrary, by name: what the suite and the fuzzer run. */
export const PROPERTIES = {
  parser: { arb: nginxText, run: (t: string) => parserProperty(t) },
  formatter: { arb: fc.oneof(nginxText, whitespaceMutated, whitespaceMutated), run: (t: string) => void formatterProperty(t) },
  checker: { arb: nginxText, run: (t: string) => checkerProperty(t) },
  router: { arb: fc.tuple(nginxText, requestArb), run: ([t, r]: [string, { host: string | null; path: string; port: number }]) => routerProperty(t, r) },
  launchers: { arb: launcherText, run: (t: string) => launcherProperty(t) },
  gunicornWorkspace: { arb: fc.tuple(launcherText, pythonText), run: ([u, c]: [string, string]) => gunicornWorkspaceProperty(u, c) },
  python: { arb: pythonText, run: (t: string) => pythonProperty(t) },
  workspace: { arb: workspaceArb, run: (w: Record<string, string>) => workspaceProperty(w) },
} as const;

/** The names of the properties. */
export type PropertyName = keyof typeof PROPERTIES;

/** Runs one property `numRuns` times from `seed`; returns fast-check's report (never throws). */
export function runProperty(name: PropertyName, numRuns: number, seed: number): fc.RunDetails<[unknown]> {
  const p = PROPERTIES[name] as { arb: fc.Arbitrary<unknown>; run: (x: unknown) => void };
  return fc.check(fc.property(p.arb, (x) => p.run(x)), { numRuns, seed, endOnFailure: false });
}
