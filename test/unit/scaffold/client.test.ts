// The editor-independent parts of the two commands: the scaffold's options, questions and messages
// (client/src/scaffold/plan.ts) and the effective-config document (client/src/gunicornConfig/render.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EffectiveGunicornInstance, ScaffoldFileInfo, ScaffoldResult } from '../../../shared/src/protocol';
import { completeAnswers, inputProblem, openOrder, openQuestions, parseOptions, summary } from '../../../client/src/scaffold/plan';
import { pyStr, renderEffectiveConfig } from '../../../client/src/gunicornConfig/render';

test('parseOptions: answers and decisions pass, the explorer selection (an array) and junk do not', () => {
  assert.deepEqual(parseOptions({ answers: { domain: 'a.example' }, onExisting: 'skip', open: false }), { answers: { domain: 'a.example' }, onExisting: 'skip', open: false });
  assert.deepEqual(parseOptions([{ path: '/x' }]), {});
  assert.deepEqual(parseOptions(undefined), {});
  assert.deepEqual(parseOptions({ onExisting: 'delete', open: 'yes', answers: 'x' }), {});
});

test('openQuestions: only what the caller did not settle, in order', () => {
  assert.deepEqual(openQuestions({}), ['domain', 'serverPath', 'bind', 'https']);
  assert.deepEqual(openQuestions({ domain: 'a.example', https: false }), ['serverPath', 'bind']);
  assert.deepEqual(openQuestions({ domain: 'a', serverPath: '/srv/a', bind: 'port', https: true }), []);
});

const INPUTS: Array<['domain' | 'serverPath', string, boolean]> = [
  ['domain', 'example.com', true],
  ['domain', 'example.com www.example.com', true],
  ['domain', '', false],
  ['domain', 'example.com;', false],
  ['domain', 'https://example.com', false],
  ['serverPath', '/srv/app', true],
  ['serverPath', 'srv/app', false],
  ['serverPath', '/srv/my app', false],
];
for (const [q, value, ok] of INPUTS) {
  test(`inputProblem(${q}, ${JSON.stringify(value)}) ${ok ? 'accepts' : 'refuses'}`, () => assert.equal(inputProblem(q, value) === undefined, ok));
}

const RESULT: ScaffoldResult = {
  app: { framework: 'flask', name: 'pybo', target: 'pybo:create_app()', description: '', alternatives: [] },
  notes: [],
  suggestions: { serverPath: '/home/ubuntu/projects/myproject', user: 'ubuntu', venv: '/home/ubuntu/venvs/myproject' },
  problems: [],
  files: [],
  findings: [],
};

test("completeAnswers: the existing unit's user and virtualenv come along unless given; incomplete answers are not answers", () => {
  assert.deepEqual(completeAnswers({ domain: ' a.example ', serverPath: '/srv/a', bind: 'socket', https: false }, RESULT), {
    domain: 'a.example',
    serverPath: '/srv/a',
    bind: 'socket',
    https: false,
    user: 'ubuntu',
    venv: '/home/ubuntu/venvs/myproject',
  });
  assert.equal(completeAnswers({ domain: 'a', serverPath: '/srv/a', bind: 'socket', https: false, user: 'deploy' }, RESULT)?.user, 'deploy');
  assert.equal(completeAnswers({ domain: 'a', bind: 'socket', https: false }, RESULT), undefined);
});

test('openOrder: the nginx site opens last, so it is in front', () => {
  const f = (kind: ScaffoldFileInfo['kind']): ScaffoldFileInfo => ({ uri: `file:///${kind}`, text: '', kind, exists: false });
  assert.deepEqual(openOrder([f('nginx'), f('systemd-service'), f('systemd-socket'), f('gunicorn-config')]).map((x) => x.kind), ['gunicorn-config', 'systemd-socket', 'systemd-service', 'nginx']);
});

test('summary: written, kept, and what the checks say', () => {
  assert.equal(summary('app:app', 4, 0, []), "DeployLens wrote 4 files for app:app. The set passes DeployLens's checks.");
  assert.equal(summary('app:app', 1, 3, []), "DeployLens wrote 1 file for app:app (3 files kept as they were). The set passes DeployLens's checks.");
  assert.equal(summary('app:app', 0, 4, []), "DeployLens wrote no file for app:app (4 files kept as they were). The set passes DeployLens's checks.");
  const w = { uri: 'file:///x', line: 1, severity: 'warning' as const, code: 'c', message: 'm' };
  assert.match(summary('app:app', 4, 0, [w, { ...w, severity: 'error' }]), /reports 1 error and 1 warning in it/);
});

// Python's str() of the values gunicorn --print-config prints (checked against gunicorn in test/integration/scaffold/units.test.ts).
const VALUES: Array<[unknown, string]> = [
  [null, 'None'],
  [true, 'True'],
  [false, 'False'],
  [30, '30'],
  [0.5, '0.5'],
  ['-', '-'],
  [['unix:/run/gunicorn.sock'], "['unix:/run/gunicorn.sock']"],
  [['a', "it's"], "['a', 'it\\'s']"],
  [[], '[]'],
  [{ 'X-FORWARDED-PROTO': 'https' }, "{'X-FORWARDED-PROTO': 'https'}"],
];
for (const [v, s] of VALUES) test(`pyStr(${JSON.stringify(v)}) = ${s}`, () => assert.equal(pyStr(v), s));

const UNIT: EffectiveGunicornInstance = {
  folderUri: 'file:///ws',
  file: 'deploy/systemd/myproject.service',
  line: 12,
  kind: 'systemd',
  name: 'myproject.service',
  app: 'pybo:create_app()',
  chdir: '/home/ubuntu/projects/myproject',
  startDir: '/home/ubuntu/projects/myproject',
  binds: ['unix:/run/myproject/gunicorn.sock'],
  bindsIgnored: [],
  workers: 2,
  workerClass: 'sync',
  configFile: null,
  unknownSources: ['EnvironmentFile=/home/ubuntu/venvs/myproject.env (not in the workspace)'],
  version: '20.1.0',
  settings: {
    workers: { value: 2, origin: 'command-line', file: 'deploy/systemd/myproject.service', line: 13 },
    bind: { value: ['unix:/run/myproject/gunicorn.sock'], origin: 'command-line', file: 'deploy/systemd/myproject.service', line: 14 },
    timeout: { value: 30, origin: 'default', file: null, line: null },
    chdir: { value: '/home/ubuntu/projects/myproject', origin: 'default', file: 'deploy/systemd/myproject.service', line: 9 },
    raw_env: { value: null, origin: 'environment', unknown: 'env: SECRET', file: null, line: null },
  },
};

test('renderEffectiveConfig: a header per instance, settings sorted and aligned like --print-config, origins as comments', () => {
  const { text } = renderEffectiveConfig([UNIT]);
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(3, 12), [
    '# ── deploy/systemd/myproject.service:12: systemd myproject.service',
    '#   app      pybo:create_app()',
    '#   chdir    /home/ubuntu/projects/myproject',
    '#   binds    unix:/run/myproject/gunicorn.sock',
    '#   workers  2',
    '#   config   (none)',
    '#   gunicorn 20.1.0',
    '#   unknown  EnvironmentFile=/home/ubuntu/venvs/myproject.env (not in the workspace)',
    '',
  ]);
  assert.deepEqual(lines.slice(12, 17), [
    "bind    = ['unix:/run/myproject/gunicorn.sock']   # deploy/systemd/myproject.service:14 (command line)",
    'chdir   = /home/ubuntu/projects/myproject   # deploy/systemd/myproject.service:9 (from the launcher)',
    'raw_env = <unknown: env: SECRET>   # (environment)',
    'timeout = 30',
    'workers = 2   # deploy/systemd/myproject.service:13 (command line)',
  ]);
});

test('renderEffectiveConfig: every file:line is a link at its place in the text', () => {
  const { text, links } = renderEffectiveConfig([UNIT]);
  const lines = text.split('\n');
  assert.deepEqual(
    links.map((l) => [lines[l.line].slice(l.start, l.end), l.file, l.fileLine]),
    [
      ['deploy/systemd/myproject.service:12', 'deploy/systemd/myproject.service', 12],
      ['deploy/systemd/myproject.service:14', 'deploy/systemd/myproject.service', 14],
      ['deploy/systemd/myproject.service:9', 'deploy/systemd/myproject.service', 9],
      ['deploy/systemd/myproject.service:13', 'deploy/systemd/myproject.service', 13],
    ],
  );
  assert.ok(links.every((l) => l.folderUri === 'file:///ws'));
});

test('renderEffectiveConfig: several folders are named; nothing found says so', () => {
  assert.match(renderEffectiveConfig([UNIT], () => 'shop').text, /myproject\.service:12: systemd myproject\.service \(shop\)$/m);
  assert.match(renderEffectiveConfig([]).text, /No gunicorn found/);
  assert.match(renderEffectiveConfig([{ ...UNIT, version: null }]).text, /^# {3}gunicorn \(version unknown: the settings of the newest release are listed; set deploylens\.gunicornVersion\)$/m);
  const configOnly = renderEffectiveConfig([{ ...UNIT, kind: 'config-only', name: null, app: null, file: 'gunicorn.conf.py', line: 1 }]).text;
  assert.match(configOnly, /gunicorn\.conf\.py:1: a config file no launcher reads/);
  assert.match(configOnly, /app {6}\(none: gunicorn exits/);
});
