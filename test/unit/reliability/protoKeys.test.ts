/**
 * Issue #9: names like `constructor` and `__proto__` never crash DeployLens. A table written as an
 * object literal and indexed by the user's text finds Object.prototype's members for these names
 * (`SCHEMES['constructor']` is Object, and `scheme.exec` is not a function), and `obj[key] = v` with
 * `__proto__` changes the object's prototype instead of adding a key.
 *
 * For every member of Object.prototype, a workspace that writes the name in every place a user may
 * write a name (see protoWorkspace.ts) is checked, its files are queried with every editor feature,
 * and the CLI commands run on it, next to the same workspace written with an ordinary name of the
 * same shape (`constructor` -> `qqqqqqqqqqq`). Whatever the name, the results must be the same (the
 * name written in place of the other): no throw, no `deploylens-internal`, the name treated as any
 * unknown name.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkPath, type CheckResult } from '../../../server/src/project/check';
import { normalizeSettings, readWorkspaceSettings } from '../../../server/src/project/settings';
import { createFeatureContext } from '../../../server/src/features/context';
import * as service from '../../../server/src/features/service';
import { main } from '../../../server/src/cli';
import { loadPython } from '../../helpers/python';
import { runCli } from '../../helpers/cli';
import { checkFindings } from './properties';
import { ordinaryTwin, protoWorkspace } from './protoWorkspace';

/** constructor, __defineGetter__, ..., __proto__, toLocaleString: the names a plain object has without anyone defining them. */
const NAMES = Object.getOwnPropertyNames(Object.prototype);
const ROOT = '/ws';

before(loadPython);

function hostFor(n: string): MemoryHost {
  return new MemoryHost(Object.fromEntries(Object.entries(protoWorkspace(n)).map(([k, v]) => [`${ROOT}/${k}`, v])));
}

function check(n: string): { host: MemoryHost; result: CheckResult } {
  const host = hostFor(n);
  const { settings } = readWorkspaceSettings(host, ROOT);
  return { host, result: checkPath(host, ROOT, settings) };
}

/**
 * Marks what JSON would hide: a function (a prototype member taken for data) and an object whose
 * prototype is a data object (`obj['__proto__'] = entry` sets the prototype; classes such as Map
 * have prototypes with their own `constructor`, data objects do not).
 */
function revealed(_key: string, v: unknown): unknown {
  if (typeof v === 'function') return `<<js function ${String(v).slice(0, 40)}>>`;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto !== null && proto !== Object.prototype && !Object.hasOwn(proto, 'constructor')) return `<<js prototype changed to ${JSON.stringify(proto).slice(0, 80)}>>`;
  }
  return v;
}

/**
 * `value` as JSON with every spelling of `n` (any case, `_` or `-`: a header name is lowered and
 * dashed in messages) replaced by `<N>`, so that a result for `constructor` and one for its twin
 * compare equal when both are treated alike.
 */
function normalized(value: unknown, n: string): string {
  const re = new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '[_-]'), 'gi');
  return JSON.stringify(value, revealed, 1).replace(re, '<N>');
}

/** Asserts that nothing from Object.prototype leaked into a result as if it were data. */
function noPrototypeLeak(json: string, where: string): void {
  assert.ok(!/\[native code\]|\[object Object\]|<<js (function|prototype) /.test(json), `${where}: a prototype member leaked into the result: ${json.slice(0, 300)}`);
}

function findingLines(r: CheckResult): string[] {
  return r.findings.map((f) => `${f.severity} ${f.code} ${f.file}:${f.start}-${f.end} ${f.message}${(f.fixes ?? []).map((x) => ` [fix ${x.title}: ${JSON.stringify(x.edits)}]`).join('')}`);
}

/**
 * What the model knows of each gunicorn instance and its app: settings, environment, WSGI target,
 * routes, Flask config, Django settings, static mounts. A name lost or replaced on the way (a
 * `__proto__` key assigned, a route method found on Object.prototype) shows here.
 */
function modelDigest(r: CheckResult): unknown {
  return r.model!.gunicorn.map(({ instance, app }) => ({
    instance,
    app: app && { framework: app.framework, target: app.target, routes: app.routes, flask: app.flask?.config, django: app.django?.settings, staticMounts: app.staticMounts, proxy: app.proxy },
  }));
}

test('the names are the members of Object.prototype, and each has an ordinary twin of the same shape', () => {
  for (const n of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__']) assert.ok(NAMES.includes(n), n);
  for (const n of NAMES) {
    const t = ordinaryTwin(n);
    assert.equal(t.length, n.length);
    assert.ok(!(t in {}), `${t} is no member of a plain object`);
  }
});

test('the workspace reaches every layer: every kind of deployment file, a Flask app, a Django app, the name in their tables', () => {
  const t = 'qqqqqqqqqqq';
  const { result } = check(t);
  const kinds = new Set(result.files.map((f) => f.kind));
  for (const k of ['nginx', 'systemd-service', 'systemd-socket', 'procfile', 'dockerfile', 'supervisor', 'env', 'gunicorn-config', 'python']) assert.ok(kinds.has(k as never), `no ${k} file in ${[...kinds].join(', ')}`);
  const apps = result.model!.gunicorn;
  assert.ok(apps.length >= 8, `${apps.length} gunicorn instances`);
  const flask = apps.find((a) => a.app?.flask);
  const django = apps.find((a) => a.app?.django);
  assert.ok(flask && django, 'a Flask and a Django instance');
  assert.ok(Object.hasOwn(flask.app!.flask!.config, t), 'the name is a Flask config key');
  assert.ok(Object.hasOwn(flask.instance.env, t), 'the name is an environment variable of the instance');
  assert.ok(result.findings.length >= 40, `${result.findings.length} findings`);
});

for (const n of NAMES) {
  test(`${n}: the workspace check treats it as an ordinary name`, () => {
    const twin = ordinaryTwin(n);
    const { host, result } = check(n);
    checkFindings(host, result.findings, n);
    const mine = findingLines(result);
    noPrototypeLeak(JSON.stringify(mine), n);
    const other = check(twin).result;
    assert.deepEqual(normalized(mine, n), normalized(findingLines(other), twin));
    const model = normalized(modelDigest(result), n);
    noPrototypeLeak(model, `${n} model`);
    assert.equal(model, normalized(modelDigest(other), twin));
    // Named positively: the name is an unknown directive, option, setting, expansion, scheme.
    const has = (code: string, text: string) => assert.ok(result.findings.some((f) => f.code === code && f.message.includes(text)), `no ${code} "${text}"`);
    assert.equal(result.findings.filter((f) => f.code === 'nginx-unknown-directive' && f.message === `unknown directive "${n}"`).length, 6);
    has('gunicorn-unknown-option', `unrecognized arguments: --${n}=1`);
    has('gunicorn-unknown-setting', `"x${n}" is not a gunicorn setting`);
    has('wsgi-target-syntax', `'app:%(${n})s'`);
    has('nginx-pass-invalid-url', 'invalid URL prefix: proxy_pass needs "http://" or "https://"');
    // The Flask config and the environment keep the name as a key (an assignment would have set the prototype).
    const flask = result.model!.gunicorn.find((a) => a.app?.flask)!;
    assert.ok(Object.hasOwn(flask.app!.flask!.config, n), 'Flask config key');
    assert.ok(Object.hasOwn(flask.instance.env, n), 'environment variable');
    assert.equal(Object.getPrototypeOf(flask.instance.env), Object.prototype);
  });
}

/** Offsets to query in `text`: the start, the inside and the end of every occurrence of `n`. */
function offsetsOf(text: string, n: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(n); i >= 0; i = text.indexOf(n, i + 1)) out.push(i, i + 1, i + n.length);
  return out;
}

/** Every editor feature at every occurrence of `n` in every file: results with the name normalized. */
function features(n: string): string[] {
  const host = hostFor(n);
  const { settings } = readWorkspaceSettings(host, ROOT);
  const ctx = createFeatureContext(host, [ROOT], settings);
  const out: string[] = [];
  for (const path of host.paths().sort()) {
    const text = host.readFile(path)!;
    const rel = path.slice(ROOT.length + 1);
    const whole = {
      symbols: service.documentSymbols(ctx, path),
      folding: service.foldingRanges(ctx, path),
      links: service.documentLinks(ctx, path),
      format: service.format(ctx, path, { tabSize: 4, insertSpaces: true }),
    };
    out.push(`${rel}: ${normalized(whole, n)}`);
    const offsets = offsetsOf(text, n);
    out.push(`${rel} selection: ${normalized(service.selectionRanges(ctx, path, offsets), n)}`);
    for (const at of offsets) {
      const answers = {
        hover: service.hover(ctx, path, at),
        definition: service.definition(ctx, path, at),
        references: service.references(ctx, path, at, true),
        prepareRename: service.prepareRename(ctx, path, at),
        rename: service.rename(ctx, path, at, 'renamed_name'),
      };
      out.push(`${rel}@${at}: ${normalized(answers, n)}`);
      // Completion depends on the typed prefix, so it is not compared with the twin's; it must not fail or leak.
      noPrototypeLeak(JSON.stringify(service.completion(ctx, path, at)), `completion ${rel}@${at}`);
    }
  }
  return out;
}

for (const n of NAMES) {
  test(`${n}: hover, definition, references, rename, outline, links, folding, format treat it as an ordinary name`, () => {
    const mine = features(n);
    noPrototypeLeak(mine.join('\n'), n);
    assert.ok(mine.length > 100, `${mine.length} answers`);
    assert.deepEqual(mine, features(ordinaryTwin(n)));
  });
}

/** Runs the CLI in-process over the in-memory workspace; exit code and normalized output. */
async function cli(n: string, argv: string[]): Promise<{ code: number; out: string }> {
  const host = hostFor(n);
  const lines: string[] = [];
  const code = await main(argv, { out: (t) => lines.push(t), err: (t) => lines.push(`stderr: ${t}`), host, cwd: ROOT, writeFile: (p, t) => host.set(p, t) });
  return { code, out: normalized(lines, n) };
}

const COMMANDS: Array<(n: string) => string[]> = [
  () => ['check', ROOT, '--format', 'json'],
  () => ['check', ROOT, '--format', 'sarif'],
  (n) => ['check', ROOT, '--rule', `${n}=off`, '--rule', 'nginx-unknown-directive=off'],
  () => ['gunicorn', ROOT, '--format', 'json'],
  () => ['gunicorn', ROOT],
  () => ['graph', ROOT, '--format', 'json'],
  () => ['graph', ROOT, '--format', 'mermaid'],
  (n) => ['graph', ROOT, '--format', 'dot', '--url', `http://${n}/${n}/x`],
  (n) => ['route', `${ROOT}/etc/nginx/nginx.conf`, `http://${n}/${n}/a`, `http://${n}.example.com/r/${n}`, `http://x/${n}/`, 'http://x/posix/abc', 'http://x/mod/', '--format', 'json'],
  (n) => ['route', `${ROOT}/etc/nginx/nginx.conf`, `http://${n}/dj/${n}?${n}=1`],
];

for (const n of NAMES) {
  test(`${n}: the CLI commands (check, gunicorn, graph, route) treat it as an ordinary name`, async () => {
    const twin = ordinaryTwin(n);
    for (const argv of COMMANDS) {
      const a = await cli(n, argv(n));
      const b = await cli(twin, argv(twin));
      const what = argv(n).join(' ');
      assert.ok(a.code === 0 || a.code === 1, `${what}: exit ${a.code}: ${a.out.slice(0, 400)}`);
      noPrototypeLeak(a.out, what);
      assert.equal(a.code, b.code, what);
      assert.equal(a.out, b.out, what);
    }
  });
}

test('deploylens.json and .vscode/settings.json: a key or rule id named like a prototype member is an ordinary unknown one', () => {
  const site = 'server {\n    listen 80;\n    constructor x;\n}\n';
  const cases: Array<{ name: string; file: string; json: unknown; unknownDirective: boolean }> = [
    { name: '__proto__ key does not become the settings prototype', file: 'deploylens.json', json: JSON.parse('{"__proto__": {"rules": {"nginx-unknown-directive": "off"}}}'), unknownDirective: true },
    { name: 'deploylens.__proto__ does not become the settings prototype', file: '.vscode/settings.json', json: JSON.parse('{"deploylens.__proto__": {"rules": {"nginx-unknown-directive": "off"}}}'), unknownDirective: true },
    { name: 'rule ids named like prototype members', file: 'deploylens.json', json: { rules: Object.fromEntries(NAMES.map((n) => [n, 'off'])) }, unknownDirective: true },
    { name: '__proto__ rule id next to a real one', file: '.vscode/settings.json', json: JSON.parse('{"deploylens.rules": {"__proto__": "off", "nginx-unknown-directive": "off"}}'), unknownDirective: false },
    { name: 'path mappings named like prototype members', file: 'deploylens.json', json: { pathMappings: Object.fromEntries(NAMES.map((n) => [n, '.'])) }, unknownDirective: true },
  ];
  for (const c of cases) {
    const host = new MemoryHost({ [`${ROOT}/${c.file}`]: JSON.stringify(c.json), [`${ROOT}/etc/nginx/sites-enabled/site`]: site });
    const { settings } = readWorkspaceSettings(host, ROOT);
    const r = checkPath(host, ROOT, settings);
    checkFindings(host, r.findings, c.name);
    assert.equal(
      r.findings.some((f) => f.code === 'nginx-unknown-directive'),
      c.unknownDirective,
      c.name,
    );
    assert.equal(Object.getPrototypeOf(settings.rules), Object.prototype, c.name);
  }
  // The editor's settings (the language server normalizes them the same way): a `__proto__` rule id
  // with a severity is kept as a rule id; one without is reported like any other bad value.
  const messages: string[] = [];
  const s = normalizeSettings(JSON.parse('{"__proto__": {"files": ["x"]}, "rules": {"__proto__": "off", "constructor": {}}}') as Record<string, unknown>, messages);
  assert.deepEqual(Object.entries(s.rules), [['__proto__', 'off']]);
  assert.deepEqual(s.files, []);
  assert.deepEqual(messages, ['rules.constructor: severity must be one of off|hint|information|warning|error']);
});

test('the real CLI on such a workspace on disk: findings (exit 1), never an internal error (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-proto-'));
  try {
    for (const n of ['constructor', '__proto__', 'toString']) {
      const root = join(dir, n);
      for (const [rel, text] of Object.entries(protoWorkspace(n))) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
    }
    const r = runCli(['check', join(dir, 'constructor'), join(dir, '__proto__'), join(dir, 'toString')]);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(!/internal/.test(r.stdout + r.stderr), r.stdout + r.stderr);
    for (const n of ['constructor', '__proto__', 'toString']) assert.ok(r.stdout.includes(`unknown directive "${n}"`), n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a command named like a prototype member is an unknown command (exit 2 with usage, not an internal error)', async () => {
  for (const n of NAMES) {
    const lines: string[] = [];
    const code = await main([n], { out: (t) => lines.push(t), err: (t) => lines.push(t), host: new MemoryHost(), cwd: ROOT });
    assert.equal(code, 2, n);
    assert.match(lines.join('\n'), /unknown command/, n);
  }
});
