import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateModule, type EvaluateOptions } from '../../../server/src/python/evaluate';
import { toJs } from '../../../server/src/python/valueOps';
import type { PyValue } from '../../../server/src/python/values';
import { loadPython } from '../../helpers/python';

before(loadPython);

const FILE = '/ws/mysite/mysite/settings.py';

/** Evaluates `prelude` + `X = <expr>` and returns X's value. */
function valueOfExpr(expr: string, prelude = '', options: EvaluateOptions = { file: FILE }): PyValue {
  const mod = evaluateModule(`${prelude}\nX = ${expr}\n`, options);
  const b = mod.scope.vars.get('X');
  assert.ok(b, `X not bound for ${expr}`);
  return b.value;
}

const IMPORTS = 'import os\nimport os.path\nfrom pathlib import Path\nimport multiprocessing\nimport environ\nenv = environ.Env()\nfrom decouple import config\n';

// [expression, expected JS value (toJs), expected kind, expected env]
const table: Array<[string, unknown, PyValue['kind'], string[]?]> = [
  // literals
  ["'a' 'b'", 'ab', 'str'],
  ['"a\\tb\\x41\\u00e9\\n"', 'a\tbAé\n', 'str'],
  ["r'\\d+\\n'", '\\d+\\n', 'str'],
  ["b'ab\\x00'", 'ab\0', 'bytes'],
  ["'''multi\nline'''", 'multi\nline', 'str'],
  ['1_000', 1000, 'int'],
  ['0x1F', 31, 'int'],
  ['0o755', 493, 'int'],
  ['1.5e3', 1500, 'float'],
  ['True', true, 'bool'],
  ['None', null, 'none'],
  ["[1, 'a', None]", [1, 'a', null], 'list'],
  ['(1,)', [1], 'tuple'],
  ['1, 2', [1, 2], 'tuple'],
  ["{'a': 1, 'b': [2]}", { a: 1, b: [2] }, 'dict'],
  ["{**{'a': 1}, 'a': 2}", { a: 2 }, 'dict'],
  ['[1, *[2, 3]]', [1, 2, 3], 'list'],
  // arithmetic
  ['16 * 1024 * 1024', 16777216, 'int'],
  ['7 // 2', 3, 'int'],
  ['-7 // 2', -4, 'int'],
  ['-7 % 3', 2, 'int'],
  ['7 / 2', 3.5, 'float'],
  ['2 ** 10', 1024, 'int'],
  ['10 - 2.5', 7.5, 'float'],
  ["'ab' * 2", 'abab', 'str'],
  ["[0] * 3", [0, 0, 0], 'list'],
  ["'a' + 'b'", 'ab', 'str'],
  ['-(3)', -3, 'int'],
  ['not 0', true, 'bool'],
  ['1 < 2 <= 2', true, 'bool'],
  ["'a' in ['a', 'b']", true, 'bool'],
  ["'x' not in 'abc'", true, 'bool'],
  ['None is None', true, 'bool'],
  ["1 if 0 else 'b'", 'b', 'str'],
  ["'' or 'default'", 'default', 'str'],
  ["'v' and 'w'", 'w', 'str'],
  // formatting
  ["'%s/%d/%05.1f/%%' % ('x', 5, 2.26)", 'x/5/002.3/%', 'str'],
  ["'%(a)s-%(b)r' % {'a': 1, 'b': 'q'}", "1-'q'", 'str'],
  ["'{}/{name}/{0}'.format('a', name='b')", 'a/b/a', 'str'],
  ["'{:>5}|{:<3}|{:.2f}'.format('ab', 1, 2.5)", '   ab|1  |2.50', 'str'],
  ["f'{N}:{N!r}:{N:>4}:{{x}}'", "7:7:   7:{x}", 'str'],
  ["f'{S!r}'", "'s'", 'str'],
  ["', '.join(['a', 'b'])", 'a, b', 'str'],
  ["'/static/'.strip('/')", 'static', 'str'],
  ["' a b '.split()", ['a', 'b'], 'list'],
  ["'a,b'.split(',')", ['a', 'b'], 'list'],
  ["'ABC'.lower()", 'abc', 'str'],
  ["'a-b'.replace('-', '_')", 'a_b', 'str'],
  ["str(1.0)", '1.0', 'str'],
  ["str(True)", 'True', 'str'],
  ["int('42')", 42, 'int'],
  ["float('0.5')", 0.5, 'float'],
  ["bool('')", false, 'bool'],
  ["len([1, 2])", 2, 'int'],
  ["list((1, 2))", [1, 2], 'list'],
  ["dict(a=1)", { a: 1 }, 'dict'],
  ["{'a': 1}.get('b', 'z')", 'z', 'str'],
  ["{'a': 1}['a']", 1, 'int'],
  ["[1, 2, 3][-1]", 3, 'int'],
  ["'hello'[1:3]", 'el', 'str'],
  // names bound earlier
  ['N + 1', 8, 'int'],
  ['L', ['a', 'b', 'c'], 'list'],
  // environment
  ["os.environ.get('PORT', '8000')", '8000', 'str', ['PORT']],
  ["os.environ.get('PORT')", null, 'none', ['PORT']],
  ["os.getenv('PORT', default='1')", '1', 'str', ['PORT']],
  ["int(os.getenv('WORKERS', 4)) * 2", 8, 'int', ['WORKERS']],
  ["os.environ.get('DEBUG', 'False') == 'True'", false, 'bool', ['DEBUG']],
  ["os.environ.get('HOSTS', 'a,b').split(',')", ['a', 'b'], 'list', ['HOSTS']],
  ["os.environ.get('X') or 'fallback'", 'fallback', 'str', ['X']],
  ["os.environ['SECRET']", undefined, 'unknown', ['SECRET']],
  ["env('DATABASE', default='sqlite')", 'sqlite', 'str', ['DATABASE']],
  ["env('DATABASE')", undefined, 'unknown', ['DATABASE']],
  ["env.str('STATIC_URL', '/s/')", '/s/', 'str', ['STATIC_URL']],
  ["env.bool('DEBUG', default=False)", false, 'bool', ['DEBUG']],
  ["config('SECRET', default='dev')", 'dev', 'str', ['SECRET']],
  ["f\"{os.environ.get('HOST', 'h')}:80\"", 'h:80', 'str', ['HOST']],
  // machine-dependent
  ['multiprocessing.cpu_count() * 2 + 1', undefined, 'unknown'],
  ['os.cpu_count()', undefined, 'unknown'],
  // paths
  ['__file__', FILE, 'str'],
  ['Path(__file__).resolve().parent.parent', '/ws/mysite', 'path'],
  ["Path(__file__).resolve().parent / 'static'", '/ws/mysite/mysite/static', 'path'],
  ["Path('a/b/') / 'c/'", 'a/b/c', 'path'],
  ["Path('/x') / '/abs'", '/abs', 'path'],
  ["Path('/x').joinpath('y', 'z')", '/x/y/z', 'path'],
  ["Path('/x/y.txt').name", 'y.txt', 'str'],
  ["Path('/x/y.txt').stem", 'y', 'str'],
  ["str(Path('/x') / 'y')", '/x/y', 'str'],
  ['os.path.dirname(os.path.dirname(os.path.abspath(__file__)))', '/ws/mysite', 'str'],
  ["os.path.join(os.path.dirname(__file__), 'static/')", '/ws/mysite/mysite/static/', 'str'],
  ["os.path.join('/a', '/b', 'c')", '/b/c', 'str'],
  ["os.path.realpath('/a/./b/../c')", '/a/c', 'str'],
  ["os.path.basename('/a/b')", 'b', 'str'],
  ["os.path.normpath('a//b/../c/')", 'a/c', 'str'],
  ["os.path.abspath('rel')", '/srv/app/rel', 'str'],
];

const PRELUDE = `${IMPORTS}N = 7\nS = 's'\nL = ['a', 'b']\nL += ['c']\n`;

for (const [expr, expected, kind, env] of table) {
  test(`evaluates ${expr.replace(/\n/g, '\\n')}`, () => {
    const v = valueOfExpr(expr, PRELUDE, { file: FILE, cwd: '/srv/app' });
    assert.equal(v.kind, kind, JSON.stringify(v));
    assert.deepEqual(toJs(v), expected);
    assert.deepEqual(v.env, env);
  });
}

test('unknown values say why', () => {
  const mod = evaluateModule(`${IMPORTS}A = multiprocessing.cpu_count()\nB = os.environ['K']\nC = foo.bar(1)\nD = lambda: 1\n`);
  const reason = (n: string) => {
    const v = mod.scope.vars.get(n)!.value;
    return v.kind === 'unknown' ? v.reason : v.kind;
  };
  assert.equal(reason('A'), 'machine');
  assert.equal(reason('B'), 'env');
  assert.equal(reason('C'), 'call');
  assert.equal(reason('D'), 'unsupported');
});

test('assignments: order, spans, tuple targets, annotations, augmented, chained, conditional', () => {
  const text = 'A: int = 1\nA += 2\nB = C = "x"\n(D, E) = [3, 4]\nif os.environ.get("Z"):\n    F = 1\nelse:\n    F = 2\nG: str\n';
  const mod = evaluateModule('import os\n' + text);
  const names = mod.assignments.map((a) => `${a.name}=${JSON.stringify(toJs(a.value))}${a.conditional ? '?' : ''}`);
  // The if-branch is skipped only because Z's default (unset) is falsy: it may run on the server, so its
  // binding exists (conditional) and the branch the default selects runs after it and wins.
  assert.deepEqual(names, ['A=1', 'A=3', 'B="x"', 'C="x"', 'D=3', 'E=4', 'F=1?', 'F=2']);
  const first = mod.assignments[0];
  assert.equal(mod.tree.text.slice(first.nameSpan.start, first.nameSpan.end), 'A');
  assert.equal(mod.tree.text.slice(first.valueSpan.start, first.valueSpan.end), '1');
  // F: the else branch's value, tainted by Z.
  assert.deepEqual(mod.scope.vars.get('F')!.value, { kind: 'int', value: 2, env: ['Z'] });
  assert.equal(mod.scope.vars.has('G'), false);
});

test('an unknown condition runs every branch; the first branch wins and is marked conditional', () => {
  const mod = evaluateModule('if foo():\n    A = 1\nelif bar():\n    A = 2\nelse:\n    A = 3\n');
  const b = mod.scope.vars.get('A')!;
  assert.deepEqual(toJs(b.value), 1);
  assert.equal(b.conditional, true);
});

test('__name__ == "__main__" blocks do not run under an import', () => {
  const mod = evaluateModule('A = 1\nif __name__ == "__main__":\n    A = 2\n', { file: '/ws/app.py' });
  assert.deepEqual(toJs(mod.scope.vars.get('A')!.value), 1);
});

test('try bodies run, except handlers do not; list methods mutate', () => {
  const mod = evaluateModule('APPS = ["a"]\ntry:\n    APPS.append("b")\nexcept ImportError:\n    APPS = []\nAPPS.extend(["c"])\nAPPS.insert(0, "z")\nD = {"a": 1}\nD["b"] = 2\nD.update({"a": 3})\n');
  assert.deepEqual(toJs(mod.scope.vars.get('APPS')!.value), ['z', 'a', 'b', 'c']);
  assert.deepEqual(toJs(mod.scope.vars.get('D')!.value), { a: 3, b: 2 });
});

test('functions: params with kinds and defaults, returns, decorators, spans', () => {
  const text = [
    'from flask import Flask, Blueprint',
    'bp = Blueprint("main", __name__, url_prefix="/m")',
    'def create_app(a, b=1, /, c=2, *args, d, e=3, **kw):',
    '    app = Flask(__name__, static_folder="assets")',
    '    if a:',
    '        return None',
    '    return app',
    '@bp.route("/x", methods=["GET"])',
    'async def view():',
    '    pass',
  ].join('\n');
  const mod = evaluateModule(text, { file: '/ws/pybo/__init__.py' });
  assert.equal(mod.moduleName, 'pybo');
  const [create, view] = mod.functions;
  assert.equal(create.qualifiedName, 'pybo.create_app');
  assert.deepEqual(
    create.params.map((p) => [p.name, p.kind, p.hasDefault]),
    [['a', 'positional-only', false], ['b', 'positional-only', true], ['c', 'positional', true], ['args', 'var-positional', false], ['d', 'keyword-only', false], ['e', 'keyword-only', true], ['kw', 'var-keyword', false]],
  );
  assert.equal(text.slice(create.nameStart, create.nameEnd), 'create_app');
  const returns = create.returns!.map((r) => r.value);
  assert.equal(returns.length, 2);
  assert.equal(returns[0].kind, 'none');
  assert.ok(returns[1].kind === 'call' && returns[1].callee === 'flask.Flask');
  assert.deepEqual(returns[1].kind === 'call' && toJs(returns[1].args[0]), 'pybo');
  assert.deepEqual(returns[1].kind === 'call' && toJs(returns[1].kwargs.static_folder), 'assets');
  assert.equal(view.isAsync, true);
  assert.equal(text.slice(view.start, view.start + 9), '@bp.route');
  const deco = view.decorators[0].value;
  assert.ok(deco.kind === 'call' && deco.callee === 'flask.Blueprint().route');
  assert.deepEqual(deco.kind === 'call' && toJs(deco.args[0]), '/x');
});

test('a call to a workspace factory evaluates to what it returns', () => {
  const mod = evaluateModule('from flask import Flask\ndef make():\n    return Flask(__name__)\napp = make()\n', { file: '/ws/app.py' });
  const v = mod.scope.vars.get('app')!.value;
  assert.ok(v.kind === 'call' && v.callee === 'flask.Flask');
});

test('imports are listed with levels, aliases, stars and spans', () => {
  const text = 'import os.path as p, sys\nfrom .a import b as c, d\nfrom .. import x\nfrom .base import *\ndef f():\n    from .views import main\n';
  const mod = evaluateModule(text, { file: '/ws/pkg/sub/mod.py', moduleName: 'pkg.sub.mod' });
  const shown = mod.imports.map((i) => `${i.kind}:${'.'.repeat(i.level)}${i.module}:${i.names.map((n) => n.name + (n.alias ? ' as ' + n.alias : '')).join(',')}${i.star ? '*' : ''}${i.nested ? ' nested' : ''}`);
  assert.deepEqual(shown, ['import::os.path as p,sys', 'from:.a:b as c,d', 'from:..:x', 'from:.base:*', 'from:.views:main nested']);
  assert.equal(text.slice(mod.imports[1].start, mod.imports[1].end), 'from .a import b as c, d');
  // Unresolved relative imports still get absolute names.
  const c = mod.scope.vars.get('c')!.value;
  assert.ok(c.kind === 'ref' && c.target === 'pkg.sub.a.b');
  const x = mod.scope.vars.get('x')!.value;
  assert.ok(x.kind === 'ref' && x.target === 'pkg.x');
});

test('the import hook follows star imports and named imports; later assignments win', () => {
  const base = evaluateModule("from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDEBUG = True\nSTATIC_URL = '/static/'\n_private = 1\n", {
    file: '/ws/site/settings/base.py',
    moduleName: 'site.settings.base',
  });
  const prod = evaluateModule("from .base import *\nfrom .base import DEBUG as D0\nDEBUG = False\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n", {
    file: '/ws/site/settings/production.py',
    moduleName: 'site.settings.production',
    importModule: (req) => (req.level === 1 && req.name === 'base' ? base : undefined),
  });
  const get = (n: string) => prod.scope.vars.get(n);
  assert.deepEqual(toJs(get('STATIC_ROOT')!.value), '/ws/site/staticfiles');
  assert.deepEqual(toJs(get('DEBUG')!.value), false);
  assert.deepEqual(toJs(get('D0')!.value), true);
  assert.equal(get('STATIC_URL')!.file, '/ws/site/settings/base.py');
  assert.equal(get('_private'), undefined);
  assert.deepEqual(prod.assignments.map((a) => a.name), ['DEBUG', 'STATIC_ROOT']);
});

test('os.environ.setdefault and os.environ[K] = V are recorded', () => {
  const text = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\nos.environ['X'] = 'y'\n";
  const mod = evaluateModule(text);
  assert.deepEqual(mod.envDefaults.map((e) => [e.name, toJs(e.value), e.overrides]), [['DJANGO_SETTINGS_MODULE', 'mysite.settings', false], ['X', 'y', true]]);
  assert.equal(text.slice(mod.envDefaults[0].valueStart, mod.envDefaults[0].valueEnd), "'mysite.settings'");
});

test('classes: bases and attributes', () => {
  const mod = evaluateModule('class Base:\n    A = 1\nclass Prod(Base):\n    MAX_CONTENT_LENGTH = 16 * 1024 * 1024\n', { file: '/ws/config.py' });
  const prod = mod.classes[1];
  assert.equal(prod.qualifiedName, 'config.Prod');
  assert.ok(prod.bases[0].kind === 'ref' && prod.bases[0].target === 'config.Base');
  assert.deepEqual(toJs(prod.attributes.vars.get('MAX_CONTENT_LENGTH')!.value), 16777216);
  assert.equal(mod.scope.vars.has('MAX_CONTENT_LENGTH'), false);
});

test('broken input: partial results, errors with spans, no throw', () => {
  const cases: Array<[string, string[]]> = [
    ['A = 1\nB = (2,\nC = 3\nSTATIC_ROOT = "s"\n', ['A', 'STATIC_ROOT']],
    ['A = 1\ndef f(:\n    pass\nSTATIC_URL = "/s/"\n', ['A', 'STATIC_URL']],
    ['A = "\uFFFD\uFFFD"\n\uFFFD = 2\nB = 3\n', ['A', 'B']],
    ['X = 1 +\nY = 2\n', ['Y']],
    ['X = foo(\nY = 2\n', ['Y']],
    ['def f(\nY = 2\n', ['Y']],
    ['A = 0\ndef g(:\n    a = 1\n    b = 2\nZ = {\nSTATIC_URL = "/s/"\n', ['A', 'STATIC_URL']],
    ['def create_app():\n    app = Flask(\n    return app\nB = 1\n', ['create_app', 'B']],
  ];
  for (const [text, names] of cases) {
    const mod = evaluateModule(text);
    assert.ok(mod.errors.length > 0, text);
    for (const n of names) assert.ok(mod.scope.vars.has(n), `${n} missing in ${JSON.stringify(text)}`);
  }
});

test('a 10k-line settings file evaluates quickly', () => {
  const lines = ['import os', 'BASE = "/srv"'];
  for (let i = 0; i < 10000; i++) lines.push(`S_${i} = os.path.join(BASE, "d${i}")`);
  const start = performance.now();
  const mod = evaluateModule(lines.join('\n'));
  const ms = performance.now() - start;
  assert.equal(mod.assignments.length, 10001);
  assert.deepEqual(toJs(mod.scope.vars.get('S_9999')!.value), '/srv/d9999');
  // Typically well under a second; the bound only catches super-linear behaviour (a quadratic
  // evaluator takes minutes here), not a loaded CI machine.
  assert.ok(ms < 20_000, `${ms} ms`);
});

test('a known process environment replaces the defaults (values cast by typed readers), still marked', () => {
  const environ = { PORT: '9000', DEBUG: 'yes', HOSTS: 'a.example, b.example', SECRET: 's3', WORKERS: '5' };
  const cases: Array<[string, unknown, string[]]> = [
    ["os.environ.get('PORT', '8000')", '9000', ['PORT']],
    ["int(os.getenv('PORT', 80))", 9000, ['PORT']],
    ["os.environ['SECRET']", 's3', ['SECRET']],
    ["os.environ.get('MISSING', 'd')", 'd', ['MISSING']],
    ["env.bool('DEBUG', default=False)", true, ['DEBUG']],
    ["env.list('HOSTS', default=[])", ['a.example', 'b.example'], ['HOSTS']],
    ["env.int('WORKERS', default=1)", 5, ['WORKERS']],
    ["env('DEBUG', cast=bool, default=False)", true, ['DEBUG']],
    ["config('WORKERS', default=1, cast=int)", 5, ['WORKERS']],
  ];
  for (const [expr, expected, env] of cases) {
    const v = valueOfExpr(expr, IMPORTS, { file: FILE, environ });
    assert.deepEqual(toJs(v), expected, expr);
    assert.deepEqual(v.env, env, expr);
  }
});
