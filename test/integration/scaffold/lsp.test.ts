// The two requests over the real `deploylens lsp --stdio`: deploylens/scaffold detects the app of a
// folder without deployment files, suggests answers, renders and checks the files (writing
// nothing), refuses bad answers, and sees a file that exists; deploylens/effectiveGunicornConfig
// gives the example's unit with every setting, its value and origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EffectiveGunicornConfigResult, ScaffoldResult } from '../../../shared/src/protocol';
import { repoRoot } from '../../helpers/cli';
import { startLsp, type LspSession } from '../../helpers/lspClient';
import { APP_SHAPES } from '../../unit/scaffold/apps';
import { tempBase } from './harness';

let base: ReturnType<typeof tempBase> | undefined;
let lsp: LspSession | undefined;
let app = '';
let example = '';

before(async () => {
  base = tempBase('dls-lsp-');
  app = join(base.dir, 'ws', 'pybo');
  for (const [rel, text] of Object.entries(APP_SHAPES.find((s) => s.name === 'pybo')!.files)) {
    mkdirSync(dirname(join(app, rel)), { recursive: true });
    writeFileSync(join(app, rel), text);
  }
  example = join(base.dir, 'ws', 'example');
  cpSync(join(repoRoot, 'examples', 'pybo'), example, { recursive: true });
  lsp = await startLsp(pathToFileURL(join(base.dir, 'ws')).href, { initializationOptions: { trusted: true, debounceMs: 20 } });
});

after(async () => {
  await lsp?.stop();
  base?.cleanup();
});

const scaffold = (params: object) => lsp!.connection.sendRequest('deploylens/scaffold', params) as Promise<ScaffoldResult>;

test('deploylens/scaffold without answers: the app and the suggested answers, no files', async () => {
  const r = await scaffold({ folderUri: pathToFileURL(app).href });
  assert.deepEqual(r.app, { framework: 'flask', name: 'pybo', target: 'pybo:create_app()', description: 'Flask factory create_app() in pybo/__init__.py', alternatives: [] });
  assert.equal(r.suggestions?.serverPath, '/srv/pybo');
  assert.deepEqual(r.files, []);
});

test('deploylens/scaffold with answers: four files, checked as if written, none written', async () => {
  const answers = { domain: 'pybo.example.org', serverPath: '/srv/pybo', bind: 'socket', https: false };
  const r = await scaffold({ folderUri: pathToFileURL(app).href, answers });
  assert.deepEqual(r.problems, []);
  const rel = (uri: string) => uri.slice(pathToFileURL(app).href.length + 1);
  assert.deepEqual(r.files.map((f) => [rel(f.uri), f.kind, f.exists]), [
    ['deploy/nginx/pybo', 'nginx', false],
    ['deploy/systemd/gunicorn.service', 'systemd-service', false],
    ['deploy/systemd/gunicorn.socket', 'systemd-socket', false],
    ['gunicorn.conf.py', 'gunicorn-config', false],
  ]);
  assert.deepEqual(r.findings, []);
  assert.match(r.files[0].text, /server_name pybo\.example\.org;/);
  for (const f of r.files) assert.equal(existsSync(new URL(f.uri)), false, `${f.uri} was written`);
});

test('deploylens/scaffold reports a file that exists and refuses bad answers', async () => {
  writeFileSync(join(app, 'gunicorn.conf.py'), 'workers = 2\n');
  const ok = await scaffold({ folderUri: pathToFileURL(app).href, answers: { domain: 'pybo.example.org', serverPath: '/srv/pybo', bind: 'port', https: true } });
  assert.deepEqual(ok.files.filter((f) => f.exists).map((f) => f.kind), ['gunicorn-config']);
  const bad = await scaffold({ folderUri: pathToFileURL(app).href, answers: { domain: 'pybo;example', serverPath: 'srv/pybo', bind: 'socket', https: false } });
  assert.equal(bad.problems.length, 2, JSON.stringify(bad.problems));
  assert.deepEqual(bad.files, []);
});

test('deploylens/scaffold on a folder without an app says why', async () => {
  const empty = join(base!.dir, 'ws', 'empty');
  mkdirSync(empty, { recursive: true });
  writeFileSync(join(empty, 'README.md'), '# nothing\n');
  const r = await scaffold({ folderUri: pathToFileURL(empty).href });
  assert.equal(r.app, null);
  assert.match(r.notes[0], /no Python module/);
});

test("deploylens/effectiveGunicornConfig: the example's unit, every setting with value and origin", async () => {
  const r = (await lsp!.connection.sendRequest('deploylens/effectiveGunicornConfig', {})) as EffectiveGunicornConfigResult;
  const unit = r.instances.find((i) => i.file === 'example/deploy/systemd/myproject.service');
  assert.ok(unit, JSON.stringify(r.instances.map((i) => i.file)));
  assert.equal(unit.kind, 'systemd');
  assert.equal(unit.app, 'pybo:create_app()');
  assert.deepEqual(unit.binds, ['unix:/run/myproject/gunicorn.sock']);
  assert.deepEqual(unit.settings.bind, { value: ['unix:/run/myproject/gunicorn.sock'], origin: 'command-line', file: 'example/deploy/systemd/myproject.service', line: 14 });
  assert.equal(unit.settings.workers.value, 2);
  assert.deepEqual(unit.settings.timeout, { value: 30, origin: 'default', file: null, line: null });
  assert.ok(Object.keys(unit.settings).length > 50);
  assert.equal(unit.version, null, 'the example pins no gunicorn release');
});
