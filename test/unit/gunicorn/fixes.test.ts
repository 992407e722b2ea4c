/**
 * Quick fixes of gunicorn findings: each is applied to its file, and the file read again must no
 * longer have that finding, nor any new error.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import type { Finding } from '../../../server/src/common/diagnostics';
import { readGunicornWorkspace } from '../../../server/src/gunicorn/index';
import { loadPython } from '../../helpers/python';

before(loadPython);

const files: Record<string, string> = {
  '/ws/app.py': 'app = None\n',
  '/ws/a.service': '[Service]\nWorkingDirectory=/srv\nExecStart=/v/bin/gunicorn --bnd unix:/run/a.sock --acess-logfile - app:app\n',
  '/ws/gunicorn.conf.py': [
    'bnd = "unix:/run/b.sock"',
    'TIMEOUT = 30',
    'umask = "007"',
    'reload = 1',
    'workers = "3"',
    'worker_class = "gevnt"',
    'threds = "many"', // no rename: "many" is not a number threads accepts
    '',
    'def post_forks(server, worker):',
    '    pass',
    '',
  ].join('\n'),
};

const key = (f: Finding) => `${f.file}:${f.code}:${f.message}`;

test('every gunicorn quick fix removes its finding and adds no error', () => {
  const base = readGunicornWorkspace(new MemoryHost(files), '/ws');
  const withFix = base.findings.filter((f) => f.fixes?.length);
  assert.deepEqual(withFix.map((f) => `${f.code}: ${f.fixes![0].title}`).sort(), [
    'gunicorn-invalid-type: Write 0o007 (an octal number)',
    'gunicorn-invalid-type: Write True',
    'gunicorn-quoted-number: Write 3 as a number',
    'gunicorn-unknown-option: Change to --access-logfile',
    'gunicorn-unknown-option: Change to --bind',
    'gunicorn-unknown-setting: Rename to bind',
    'gunicorn-unknown-setting: Rename to post_fork',
    'gunicorn-unknown-setting: Rename to timeout',
    'gunicorn-unknown-worker-class: Use the gevent worker',
  ]);
  assert.ok(base.findings.some((f) => f.message.includes('"threds"') && !f.fixes), 'no rename that would be refused');
  const errorsBefore = new Set(base.findings.filter((f) => f.severity === 'error').map(key));
  for (const f of withFix) {
    const fix = f.fixes![0];
    const host = new MemoryHost(files);
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) {
      const text = host.readFile(e.file)!;
      host.set(e.file, text.slice(0, e.start) + e.newText + text.slice(e.end));
    }
    const after = readGunicornWorkspace(host, '/ws');
    assert.ok(!after.findings.some((x) => x.file === f.file && x.code === f.code && x.start === f.start), `${fix.title}: finding gone`);
    const newErrors = after.findings.filter((x) => x.severity === 'error' && !errorsBefore.has(key(x)));
    assert.deepEqual(newErrors.map(key), [], `${fix.title}: no new error`);
  }
});
