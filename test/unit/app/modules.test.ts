import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { gunicornSearchPaths, resolveModule, resolveModulePrefix } from '../../../server/src/project/app/modules';

const host = new MemoryHost({
  '/a/pkg/__init__.py': '',
  '/a/pkg/views/__init__.py': '',
  '/a/pkg/views/main.py': '',
  '/a/pkg/mod.py': '',
  '/a/both.py': '# loses to the package in the same dir',
  '/a/both/__init__.py': '',
  '/a/ns/sub.py': '',
  '/b/ns/other.py': '',
  '/b/pkg/extra.py': '# shadowed: /a/pkg is a regular package found first',
  '/b/late.py': '',
  '/a/onlydir/notes.txt': '',
  '/b/onlydir.py': '# a module in a later path beats a namespace dir in an earlier one',
});

const table: Array<[string, string[], string | undefined]> = [
  ['pkg', ['/a', '/b'], 'package:/a/pkg/__init__.py'],
  ['pkg.mod', ['/a', '/b'], 'module:/a/pkg/mod.py'],
  ['pkg.views.main', ['/a', '/b'], 'module:/a/pkg/views/main.py'],
  ['pkg.extra', ['/a', '/b'], undefined],
  ['pkg.missing', ['/a'], undefined],
  ['both', ['/a'], 'package:/a/both/__init__.py'],
  ['ns', ['/a', '/b'], 'namespace:/a/ns,/b/ns'],
  ['ns.sub', ['/a', '/b'], 'module:/a/ns/sub.py'],
  ['ns.other', ['/a', '/b'], 'module:/b/ns/other.py'],
  ['late', ['/a', '/b'], 'module:/b/late.py'],
  ['late', ['/a'], undefined],
  ['onlydir', ['/a', '/b'], 'module:/b/onlydir.py'],
  ['pkg.mod.x', ['/a'], undefined],
  ['my-app', ['/a'], undefined],
  ['', ['/a'], undefined],
  ['pkg..mod', ['/a'], undefined],
];

for (const [name, paths, expected] of table) {
  test(`resolveModule ${JSON.stringify(name)} in ${paths.join(':')}`, () => {
    const r = resolveModule(host, name, paths);
    const shown = r === undefined ? undefined : r.kind === 'namespace' ? `namespace:${r.dirs.join(',')}` : `${r.kind}:${r.file}`;
    assert.equal(shown, expected);
  });
}

test('resolveModulePrefix tells which part is missing', () => {
  assert.deepEqual(resolveModulePrefix(host, 'pkg.app', ['/a']).missing, 'pkg.app');
  assert.equal(resolveModulePrefix(host, 'pkg.app', ['/a']).found?.name, 'pkg');
  assert.deepEqual(resolveModulePrefix(host, 'nothere.x', ['/a']), { missing: 'nothere' });
  // A plain module is not a package: pkg.mod.x fails at pkg.mod.x.
  assert.equal(resolveModulePrefix(host, 'pkg.mod.x', ['/a']).missing, 'pkg.mod.x');
});

test('gunicorn sys.path: pythonpath entries (last first), then chdir, then the startup cwd', () => {
  assert.deepEqual(gunicornSearchPaths({ chdir: '/srv/app' }), ['/srv/app']);
  assert.deepEqual(gunicornSearchPaths({ chdir: '/srv/app', cwd: '/', pythonpath: ['lib', '/opt/x'] }), ['/opt/x', '/srv/app/lib', '/srv/app', '/']);
  assert.deepEqual(gunicornSearchPaths({ chdir: '/srv/app', cwd: '/srv/app/', pythonpath: ['.'] }), ['/srv/app']);
});
