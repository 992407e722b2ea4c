import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvFile, parseEnvironmentEntry } from '../../../server/src/gunicorn/systemd/environment';
import { parseExecEntry, specifierValue } from '../../../server/src/gunicorn/systemd/exec';
import { parseUnitFile } from '../../../server/src/gunicorn/systemd/unit';
import type { EnvLookup } from '../../../server/src/gunicorn/shell';

const F = '/ws/app.service';

function execWords(value: string, env: Record<string, string | undefined> = {}, unitName = 'app.service') {
  const unit = parseUnitFile(`[Service]\nExecStart=${value}\n`, F);
  const lookup: EnvLookup = (n) => (n in env ? env[n] : null);
  const r = parseExecEntry(unit.entries[0], F, { unitName }, lookup);
  return { r, cmds: r.commands.map((c) => [c.prefixes + c.program.value, ...c.args.map((a) => a.value)]), errors: r.errors.map((e) => e.message) };
}

// systemd.service(5) "Command lines", systemd.syntax(7), env-util.c replace_env_argv.
const execRows: Array<[string, Record<string, string | undefined>, string[][]]> = [
  ['/bin/g --bind unix:/run/a.sock app:app', {}, [['/bin/g', '--bind', 'unix:/run/a.sock', 'app:app']]],
  ['/bin/g "pybo:create_app()"', {}, [['/bin/g', 'pybo:create_app()']]],
  ["/bin/g 'a b' \"c d\"", {}, [['/bin/g', 'a b', 'c d']]],
  ['/bin/g a"b c"d', {}, [['/bin/g', 'ab cd']]],
  ['/bin/g "a\\tb" x\\sy \\x41 \\101', {}, [['/bin/g', 'a\tb', 'x y', 'A', 'A']]],
  ['/bin/g $OPTS app', { OPTS: '-w 3  --bind "unix:/x y"' }, [['/bin/g', '-w', '3', '--bind', 'unix:/x y', 'app']]],
  ['/bin/g ${OPTS} app', { OPTS: '-w 3' }, [['/bin/g', '-w 3', 'app']]],
  ['/bin/g --bind=${B} app', { B: 'unix:/run/b.sock' }, [['/bin/g', '--bind=unix:/run/b.sock', 'app']]],
  ['/bin/g --bind=$B app', { B: 'unix:/run/b.sock' }, [['/bin/g', '--bind=$B', 'app']]], // bare $B inside a word stays
  ['/bin/g $UNSET app', {}, [['/bin/g', 'app']]],
  ['/bin/g x${UNSET}y', {}, [['/bin/g', 'xy']]],
  ['/bin/g $$HOME', {}, [['/bin/g', '$HOME']]],
  ['/bin/g "$OPTS"', { OPTS: 'a b' }, [['/bin/g', 'a', 'b']]], // quotes are gone before the env step
  ['-/bin/g app', {}, [['-/bin/g', 'app']]],
  ['@/bin/g gunicorn-master app', {}, [['@/bin/g', 'app']]],
  [':/bin/g $OPTS', { OPTS: 'x' }, [[':/bin/g', '$OPTS']]], // ':' turns env expansion off
  ['+!!/bin/g app', {}, [['+!!/bin/g', 'app']]],
  ['/bin/a ; /bin/b x', {}, [['/bin/a'], ['/bin/b', 'x']]],
  ['/bin/a \\; b', {}, [['/bin/a', ';', 'b']]],
  ['/bin/g %h/app %n %i %%', {}, [['/bin/g', '/root/app', 'app.service', '', '%']]],
];

test('ExecStart= splitting, escapes, prefixes and environment', () => {
  for (const [value, env, expected] of execRows) {
    const { cmds, errors } = execWords(value, env);
    assert.deepEqual(errors, [], value);
    assert.deepEqual(cmds, expected, value);
  }
});

test('ExecStart= errors systemd ignores the line for', () => {
  assert.deepEqual(execWords('/bin/g "unclosed').errors, ['Unbalanced quoting']);
  assert.deepEqual(execWords('/bin/g \\q').errors, ['Invalid escape sequence "\\q"']);
  assert.match(execWords('/bin/g %Z').errors[0], /Failed to resolve specifiers/);
});

test('continuation lines join with a space and keep each word pointing into the file', () => {
  const text = '[Service]\nExecStart=/venv/bin/gunicorn \\\n  # a comment inside\n          --workers 3 \\\n          app:app\n';
  const unit = parseUnitFile(text, F);
  assert.equal(unit.entries.length, 1);
  const r = parseExecEntry(unit.entries[0], F, { unitName: 'app.service' }, () => null);
  const words = r.commands[0].args;
  assert.deepEqual(words.map((w) => w.value), ['--workers', '3', 'app:app']);
  for (const w of words) assert.equal(text.slice(w.start, w.end), w.value);
});

test('specifiers of a template instance', () => {
  const rows: Array<[string, string, string | undefined | null]> = [
    ['i', 'web@blog.service', 'blog'],
    ['I', 'web@a-b.service', 'a/b'],
    ['n', 'web@blog.service', 'web@blog.service'],
    ['p', 'web@blog.service', 'web'],
    ['i', 'web@.service', undefined],
    ['t', 'x.service', '/run'],
    ['H', 'x.service', undefined],
    ['Q', 'x.service', null],
  ];
  for (const [c, unit, expected] of rows) assert.equal(specifierValue(c, { unitName: unit }), expected, `%${c} in ${unit}`);
});

test('Environment= assignments: quotes, several per line, escapes', () => {
  const text = '[Service]\nEnvironment="A=1 2" B=3 \'C=x y\' D=a\\x20b\nEnvironment=PORT=%i\n';
  const unit = parseUnitFile(text, F);
  const got = unit.entries.flatMap((e) => parseEnvironmentEntry(e, F, { unitName: 'web@8000.service' }).assignments.map((a) => [a.name, a.value]));
  assert.deepEqual(got, [['A', '1 2'], ['B', '3'], ['C', 'x y'], ['D', 'a b'], ['PORT', '8000']]);
  const a = parseEnvironmentEntry(unit.entries[0], F, { unitName: 'x.service' }).assignments[1];
  assert.equal(text.slice(a.valueWord.start, a.valueWord.end), '3');
});

test('EnvironmentFile= syntax', () => {
  const text = [
    '# comment',
    '; also a comment',
    'FLASK_APP=pybo',
    'export GUNICORN_CMD_ARGS="--workers 4 --bind unix:/run/x.sock"',
    "SINGLE='a \"b\" $c'",
    'SPACES =  trailing   ',
    'CONT=one\\',
    'two',
    'ESC="a\\"b\\\\c\\$d"',
    'EMPTY=',
    'bad line',
  ].join('\n');
  const got = parseEnvFile(text, '/ws/app.env').map((a) => [a.name, a.value]);
  assert.deepEqual(got, [
    ['FLASK_APP', 'pybo'],
    ['GUNICORN_CMD_ARGS', '--workers 4 --bind unix:/run/x.sock'],
    ['SINGLE', 'a "b" $c'],
    ['SPACES', 'trailing'],
    ['CONT', 'onetwo'],
    ['ESC', 'a"b\\c$d'],
    ['EMPTY', ''],
  ]);
  const cmd = parseEnvFile(text, '/ws/app.env')[1];
  assert.equal(text.slice(cmd.valueWord.offsets![0], cmd.valueWord.offsets![0] + 9), '--workers');
});

test('unit file: sections, comments, last value wins', () => {
  const unit = parseUnitFile('# c\n[Unit]\nDescription=x\n[Service]\n  User = sammy\n;c\nUser=other\nnot a line\n', F);
  assert.deepEqual(unit.entries.map((e) => [e.section, e.key, e.value]), [
    ['Unit', 'Description', 'x'],
    ['Service', 'User', 'sammy'],
    ['Service', 'User', 'other'],
  ]);
  assert.equal(unit.errors.length, 1);
});
