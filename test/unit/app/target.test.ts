import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTarget } from '../../../server/src/project/app/target';
import { toJs } from '../../../server/src/python/valueOps';
import { loadPython } from '../../helpers/python';

before(loadPython);

// [target, module, name, call (args, kwargs) or null, gunicorn's error or null]
const table: Array<[string, string, string, [unknown[], Record<string, unknown>] | null, string | null]> = [
  ['pybo', 'pybo', 'application', null, null],
  ['pybo:app', 'pybo', 'app', null, null],
  ['mysite.wsgi:application', 'mysite.wsgi', 'application', null, null],
  ['pybo:create_app()', 'pybo', 'create_app', [[], {}], null],
  ["pybo:create_app('prod', 2, debug=True, opts={'a': [1, (2,)]}, n=-1, s=b'x', z=None)", 'pybo', 'create_app', [['prod', 2], { debug: true, opts: { a: [1, [2]] }, n: -1, s: 'x', z: null }], null],
  ['pybo:(app)', 'pybo', 'app', null, null],
  ['pybo:(create_app)()', 'pybo', 'create_app', [[], {}], null],
  ['pybo:app  ', 'pybo', 'app', null, null],
  ["pybo:create_app('a' 'b')", 'pybo', 'create_app', [['ab'], {}], null],
  ['pybo:create_app(', 'pybo', 'create_app(', null, "Failed to parse 'create_app(' as an attribute name or function call."],
  ['pybo:', 'pybo', '', null, "Failed to parse '' as an attribute name or function call."],
  ['pybo: app', 'pybo', ' app', null, "Failed to parse ' app' as an attribute name or function call."],
  ['pybo:a.b', 'pybo', 'a.b', null, "Failed to parse 'a.b' as an attribute name or function call."],
  ['pybo:a:b', 'pybo', 'a:b', null, "Failed to parse 'a:b' as an attribute name or function call."],
  ['pybo:app[0]', 'pybo', 'app[0]', null, "Failed to parse 'app[0]' as an attribute name or function call."],
  ['pybo:None', 'pybo', 'None', null, "Failed to parse 'None' as an attribute name or function call."],
  ['pybo:1', 'pybo', '1', null, "Failed to parse '1' as an attribute name or function call."],
  ['pybo:a.create_app()', 'pybo', 'a.create_app()', null, "Function reference must be a simple name: 'a.create_app()'"],
  ['pybo:create_app(x)', 'pybo', 'create_app', null, "Failed to parse arguments as literal values: 'create_app(x)'"],
  ["pybo:create_app(f'{x}')", 'pybo', 'create_app', null, "Failed to parse arguments as literal values: \"create_app(f'{x}')\""],
  ['pybo:create_app(*[1])', 'pybo', 'create_app', null, "Failed to parse arguments as literal values: 'create_app(*[1])'"],
  ['pybo:create_app(k=x)', 'pybo', 'create_app', null, "Failed to parse arguments as literal values: 'create_app(k=x)'"],
  [':app', '', 'app', null, null],
];

for (const [raw, module, name, call, error] of table) {
  test(`parseTarget ${raw}`, () => {
    const t = parseTarget(raw);
    assert.equal(t.module, module);
    assert.equal(t.name, name);
    assert.equal(t.error ?? null, error);
    if (call === null) assert.equal(t.call, error === null ? undefined : t.call);
    else {
      assert.ok(t.call, 'a call');
      assert.deepEqual(t.call.args.map(toJs), call[0]);
      assert.deepEqual(Object.fromEntries(Object.entries(t.call.kwargs).map(([k, v]) => [k, toJs(v)])), call[1]);
    }
    assert.equal(raw.slice(t.moduleStart, t.moduleEnd), module);
    assert.equal(t.explicit, raw.includes(':'));
  });
}
