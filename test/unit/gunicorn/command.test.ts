import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findGunicorn } from '../../../server/src/gunicorn/command';
import { splitWords } from '../../../server/src/gunicorn/shell';

function find(line: string) {
  const words = splitWords(line, '/f', { mode: 'shlex' }).commands.flat();
  const r = findGunicorn(words, () => null);
  return r && { program: r.program.value, args: r.args.map((w) => w.value), env: r.env.map((e) => `${e.name}=${e.value}`), via: r.via };
}

const rows: Array<[string, ReturnType<typeof find>]> = [
  ['gunicorn app:app', { program: 'gunicorn', args: ['app:app'], env: [], via: [] }],
  ['/home/u/venv/bin/gunicorn -w 2 app', { program: '/home/u/venv/bin/gunicorn', args: ['-w', '2', 'app'], env: [], via: [] }],
  ['/usr/bin/gunicorn3 app', { program: '/usr/bin/gunicorn3', args: ['app'], env: [], via: [] }],
  ['python -m gunicorn app', { program: 'python', args: ['app'], env: [], via: ['python -m'] }],
  ['/venv/bin/python3.11 -u -X dev -m gunicorn app', { program: '/venv/bin/python3.11', args: ['app'], env: [], via: ['python -m'] }],
  ['exec gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['exec'] }],
  ['env PORT=8000 gunicorn app', { program: 'gunicorn', args: ['app'], env: ['PORT=8000'], via: ['env'] }],
  ['PORT=8000 WEB_CONCURRENCY=3 gunicorn app', { program: 'gunicorn', args: ['app'], env: ['PORT=8000', 'WEB_CONCURRENCY=3'], via: [] }],
  ['/bin/sh -c "cd /srv && exec /venv/bin/gunicorn app"', { program: '/venv/bin/gunicorn', args: ['app'], env: [], via: ['sh -c', 'exec'] }],
  ['bash -lc "gunicorn -b :80 app"', { program: 'gunicorn', args: ['-b', ':80', 'app'], env: [], via: ['bash -c'] }],
  ['pipenv run gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['pipenv'] }],
  ['uv run --no-sync gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['uv'] }],
  ['ddtrace-run gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['ddtrace-run'] }],
  ['newrelic-admin run-program gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['newrelic-admin'] }],
  ['gosu www-data gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['gosu'] }],
  ['chpst -u app:app -e ./env /v/bin/gunicorn app', { program: '/v/bin/gunicorn', args: ['app'], env: [], via: ['chpst'] }],
  ['sudo -u www-data -E gunicorn app', { program: 'gunicorn', args: ['app'], env: [], via: ['sudo'] }],
  ['uwsgi --http :8000', undefined],
  ['python manage.py runserver', undefined],
  ['python -m flask run', undefined],
];

test('finding gunicorn in a command', () => {
  for (const [line, expected] of rows) assert.deepEqual(find(line), expected, line);
});

test('sh -c words keep their place in the file', () => {
  const text = `/bin/sh -c 'exec gunicorn --bind unix:/run/a.sock app'`;
  const words = splitWords(text, '/f', { mode: 'shlex' }).commands.flat();
  const r = findGunicorn(words, () => null)!;
  const bind = r.args[1];
  assert.equal(text.slice(bind.start, bind.end), 'unix:/run/a.sock');
});
