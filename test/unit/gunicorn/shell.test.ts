import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shlexSplit, splitWords, type EnvLookup } from '../../../server/src/gunicorn/shell';

// Python's shlex.split (posix, no comments): what gunicorn does to GUNICORN_CMD_ARGS and supervisor to command=.
const shlexRows: Array<[string, string[]]> = [
  ['--workers 3 --bind unix:/run/x.sock', ['--workers', '3', '--bind', 'unix:/run/x.sock']],
  ['"a b" \'c d\' e\\ f', ['a b', 'c d', 'e f']],
  ['a"b c"d', ['ab cd']],
  ['"x\\"y" "x\\ny" \'x\\y\'', ['x"y', 'x\\ny', 'x\\y']],
  ['"" \'\'', ['', '']],
  ['a # not a comment', ['a', '#', 'not', 'a', 'comment']],
  ['  spaced\tout\n', ['spaced', 'out']],
  ['$PORT', ['$PORT']],
];

test('shlex.split', () => {
  for (const [text, expected] of shlexRows) assert.deepEqual(shlexSplit(text, '/f').words.map((w) => w.value), expected, text);
  assert.deepEqual(shlexSplit('"open', '/f').errors.map((e) => e.message), ['No closing quotation']);
});

const env: Record<string, string | undefined> = { PORT: '5000', OPTS: '-w 2 -b x', EMPTY: '' };
const lookup: EnvLookup = (n) => (n in env ? env[n] : n === 'PLATFORM' ? undefined : null);

// POSIX sh: expansions, comments, command separators, line continuations.
const shRows: Array<[string, string[][]]> = [
  ['gunicorn -b 0.0.0.0:$PORT app', [['gunicorn', '-b', '0.0.0.0:5000', 'app']]],
  ['gunicorn -b "0.0.0.0:${PORT}" app', [['gunicorn', '-b', '0.0.0.0:5000', 'app']]],
  ["gunicorn '$PORT'", [['gunicorn', '$PORT']]],
  ['gunicorn $OPTS app', [['gunicorn', '-w', '2', '-b', 'x', 'app']]],
  ['gunicorn "$OPTS" app', [['gunicorn', '-w 2 -b x', 'app']]],
  ['gunicorn ${MISSING:-8000} ${EMPTY:-d} ${EMPTY-d}', [['gunicorn', '8000', 'd']]],
  ['gunicorn -b :$PLATFORM', [['gunicorn', '-b', ':$PLATFORM']]],
  ['cd /srv && exec gunicorn app # start', [['cd', '/srv'], ['exec', 'gunicorn', 'app']]],
  ['a; b | c\nd', [['a'], ['b'], ['c'], ['d']]],
  ['gunicorn \\\n  --workers 2 \\\n  app', [['gunicorn', '--workers', '2', 'app']]],
  ['echo a#b', [['echo', 'a#b']]],
];

test('sh word splitting and expansion', () => {
  for (const [text, expected] of shRows) {
    const r = splitWords(text, '/f', { mode: 'sh', env: lookup });
    assert.deepEqual(r.commands.map((c) => c.map((w) => w.value)), expected, text);
  }
});

test('unknown variables are kept and named; ranges point into the text', () => {
  const text = 'web: gunicorn --bind 0.0.0.0:$PORT app';
  const r = splitWords(text.slice(5), '/Procfile', { mode: 'sh', base: 5 });
  const bind = r.commands[0][2];
  assert.deepEqual(bind.unknownVars, ['PORT']);
  assert.equal(text.slice(bind.start, bind.end), '0.0.0.0:$PORT');
  const quoted = splitWords('x "a b"', '/f', { mode: 'sh' }).commands[0][1];
  assert.deepEqual([quoted.start, quoted.end], [2, 7]);
});
