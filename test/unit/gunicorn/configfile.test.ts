import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { applyConfigFile } from '../../../server/src/gunicorn/configfile';
import { evaluateConfigFile } from '../../../server/src/gunicorn/configEval';
import { loadPython } from '../../helpers/python';

before(loadPython);

/** Findings of one config file as `line:code` (1-based lines), and the settings it applies. */
function check(text: string, version?: string) {
  const model = evaluateConfigFile(text, '/ws/gunicorn.conf.py', '/srv')!;
  const r = applyConfigFile(model, version);
  const line = (o: number) => text.slice(0, o).split('\n').length;
  return {
    findings: r.findings.map((f) => `${line(f.start)}:${f.code}`),
    settings: Object.fromEntries(r.settings.filter((s) => s.result.ok).map((s) => [s.spec.name, 'value' in s.result ? s.result.value : `<${(s.result as { unknown: string }).unknown}>`])),
  };
}

const rows: Array<[string, string, { findings: string[]; settings: Record<string, unknown> }, string?]> = [
  ['a tutorial config', 'import multiprocessing\nbind = "unix:/run/app.sock"\nworkers = multiprocessing.cpu_count() * 2 + 1\numask = 0o007\naccesslog = "-"\n', { findings: [], settings: { bind: ['unix:/run/app.sock'], workers: '<machine>', umask: 7, accesslog: '-' } }],
  ['typo with a suggestion', 'bnd = "0:80"\n', { findings: ['1:gunicorn-unknown-setting'], settings: {} }],
  ['upper case', 'WORKERS = 3\n', { findings: ['1:gunicorn-unknown-setting'], settings: {} }],
  ['helpers used elsewhere are fine', 'cores = 2\nworkers = cores * 2\n_private = 1\n', { findings: [], settings: { workers: 4 } }],
  ['an unused unknown name', 'something_else = 1\n', { findings: ['1:gunicorn-unknown-setting'], settings: {} }],
  ['umask as a string is refused', 'umask = "007"\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }],
  ['a quoted number works, with a hint', 'workers = "3"\n', { findings: ['1:gunicorn-quoted-number'], settings: { workers: 3 } }],
  ['hex and octal ints', 'workers = 0x2\nbacklog = 0o100\n', { findings: [], settings: { workers: 2, backlog: 64 } }],
  ['negative', 'timeout = -1\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }],
  ['a float', 'workers = 2.5\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }],
  ['bool from an int', 'reload = 1\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }],
  ['bool from a string', 'reload = "true"\npreload_app = True\n', { findings: [], settings: { reload: true, preload_app: true } }],
  ['a single bind string or a list', 'bind = ["a:1", "unix:/x"]\n', { findings: [], settings: { bind: ['a:1', 'unix:/x'] } }],
  ['bind as a number', 'bind = 8000\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }],
  ['worker classes', 'worker_class = "uvicorn.workers.UvicornWorker"\n', { findings: [], settings: { worker_class: 'uvicorn.workers.UvicornWorker' } }],
  ['unknown worker class', 'worker_class = "gevnt"\n', { findings: ['1:gunicorn-unknown-worker-class'], settings: {} }],
  ['allow-list as a list is refused by 20.1', 'forwarded_allow_ips = ["10.0.0.1"]\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }, '20.1.0'],
  ['allow-list as a list is fine in 23', 'forwarded_allow_ips = ["10.0.0.1"]\n', { findings: [], settings: { forwarded_allow_ips: '10.0.0.1' } }, '23.0.0'],
  ['reload_engine choice', 'reload_engine = "fsevents"\n', { findings: ['1:gunicorn-invalid-type'], settings: {} }],
  ['hooks: right arity, wrong arity, misspelled', 'def post_fork(server, worker):\n    pass\n\ndef on_starting(server, x):\n    pass\n\ndef when_redy(server):\n    pass\n\ndef helper(a):\n    pass\n', { findings: ['4:gunicorn-invalid-type', '7:gunicorn-unknown-setting'], settings: { post_fork: '<function post_fork>', on_starting: '<function on_starting>' } }],
  ['too new for the release in use', 'permit_obsolete_folding = True\nworkers = 2\n', { findings: ['1:gunicorn-setting-too-new'], settings: { workers: 2 } }, '20.1.0'],
  ['imports are not settings', 'import os\nfrom os import path\nworkers = 2\n', { findings: [], settings: { workers: 2 } }],
];

test('config file names and values, as gunicorn applies them', () => {
  for (const [name, text, expected, version] of rows) assert.deepEqual(check(text, version), expected, name);
});
