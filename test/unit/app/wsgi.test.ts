import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { createModuleLoader } from '../../../server/src/project/app/loader';
import { analyzeTarget, type WsgiVerdictKind } from '../../../server/src/project/app/wsgi';
import { wsgiFindings } from '../../../server/src/project/app/wsgiFindings';
import { loadPython } from '../../helpers/python';

before(loadPython);

const P = '/ws';
const files: Record<string, string> = {
  'pybo/__init__.py': [
    'from flask import Flask',
    '',
    'def create_app():',
    '    app = Flask(__name__)',
    '    from .views import main_views',
    '    app.register_blueprint(main_views.bp)',
    '    return app',
    '',
    'def make(config, debug=False, *, name="x"):',
    '    return Flask(__name__)',
    '',
    'def wsgi_fn(environ, start_response):',
    '    return []',
    '',
    'def view():',
    '    return "hi"',
    '',
    'class Handler:',
    '    pass',
    '',
    'NAME = "pybo"',
    'NOTHING = None',
    'from . import views',
  ].join('\n'),
  'pybo/views/__init__.py': '',
  'pybo/views/main_views.py': 'from flask import Blueprint\nbp = Blueprint("main", __name__)\n',
  'single.py': 'from flask import Flask\napp = Flask(__name__)\n',
  'wsgi.py': 'from single import app\napplication = app\n',
  'reexport/__init__.py': 'from .inner import create_app as factory\n',
  'reexport/inner.py': 'from flask import Flask\n\ndef create_app(env="prod"):\n    application = Flask(__name__)\n    return application\n',
  'mysite/__init__.py': '',
  'mysite/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\napplication = get_wsgi_application()\n',
  'mysite/settings.py': 'DEBUG = False\n',
  'djmissing/__init__.py': '',
  'djmissing/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "djmissing.settings")\napplication = get_wsgi_application()\n',
  'djnone/__init__.py': '',
  'djnone/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
  'djbroken/__init__.py': '',
  'djbroken/settings.py': 'from .base import *\n',
  'djbroken/wsgi.py': 'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "djbroken.settings")\napplication = get_wsgi_application()\n',
  'wrapped.py': 'from flask import Flask\nfrom werkzeug.middleware.proxy_fix import ProxyFix\napp = Flask(__name__)\napp = ProxyFix(app, x_for=1)\n',
  'opaque.py': 'from somelib import *\n',
  'dyn.py': 'def __getattr__(name):\n    return None\n',
  'syntax/__init__.py': 'def create_app(:\n    pass\n',
  'badimport/__init__.py': 'from .nomod import x\napp = None\n',
  'badname/__init__.py': 'from .helpers import nothere\n',
  'badname/helpers.py': 'something = 1\n',
  'usesinstalled/__init__.py': 'import requests\nfrom flask import Flask\napp = Flask(__name__)\n',
  'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  'maybe.py': 'import os\nif os.environ.get("X"):\n    app = None\n',
  'nsp/nsp/__init__.py': 'from flask import Flask\ndef create_app():\n    return Flask(__name__)\n',
};

function loader() {
  const host = new MemoryHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${P}/${k}`, v])));
  return createModuleLoader(host, { searchPaths: [P], cwd: P });
}

// [target, verdict, certain, failsAt, message fragment, first suggestion]
const table: Array<[string, WsgiVerdictKind, boolean, 'load' | 'request' | undefined, string, string?]> = [
  ['pybo:create_app()', 'found', true, undefined, 'called to build'],
  ['pybo:create_app', 'not-called-factory', true, 'request', 'TypeError: create_app() takes 0 positional arguments but 2 were given', 'pybo:create_app()'],
  ['pybo:create', 'attribute-missing', true, 'load', "Failed to find attribute 'create' in 'pybo'.", 'pybo:create_app()'],
  ['pybo', 'attribute-missing', true, 'load', "Failed to find attribute 'application' in 'pybo'.", 'pybo:create_app()'],
  ['pybo.app:app', 'module-missing', true, 'load', "No module named 'pybo.app'"],
  ['nothere:app', 'module-missing', false, 'load', "No module named 'nothere'"],
  ['pybo:create_app(', 'parse-error', true, 'load', "Failed to parse 'create_app('", 'pybo:create_app()'],
  ['pybo:create_app(1)', 'arity-mismatch', true, 'load', 'TypeError: create_app() takes 0 positional arguments but 1 was given', 'pybo:create_app()'],
  ['pybo:create_app(debug=True)', 'arity-mismatch', true, 'load', "create_app() got an unexpected keyword argument 'debug'", 'pybo:create_app()'],
  ['pybo:make()', 'arity-mismatch', true, 'load', "make() missing 1 required positional argument: 'config'"],
  ["pybo:make('prod', True)", 'found', true, undefined, ''],
  ["pybo:make('prod', True, False)", 'arity-mismatch', true, 'load', 'make() takes from 1 to 2 positional arguments but 3 were given'],
  ["pybo:make('prod', name='y')", 'found', true, undefined, ''],
  ["pybo:make(config='prod', debug=1)", 'found', true, undefined, ''],
  ["pybo:make('prod', config='x')", 'arity-mismatch', true, 'load', "make() got multiple values for argument 'config'"],
  ['pybo:make', 'not-called-factory', true, 'request', 'make is an app factory'],
  ['pybo:wsgi_fn', 'found', true, undefined, 'WSGI function'],
  ['pybo:view', 'arity-mismatch', true, 'request', 'view() takes 0 positional arguments but 2 were given'],
  ['pybo:Handler', 'found', false, undefined, 'class'],
  ['pybo:NAME', 'not-callable', true, 'load', 'Application object must be callable.'],
  ['pybo:NOTHING', 'not-callable', true, 'load', "Failed to find application object: 'NOTHING'"],
  ['pybo:views', 'not-callable', true, 'load', 'a module'],
  ['single:app', 'found', true, undefined, 'flask application'],
  ['single:app()', 'arity-mismatch', true, 'load', 'not a factory', 'single:app'],
  ['single', 'attribute-missing', true, 'load', "'application'", 'single:app'],
  ['wsgi', 'found', true, undefined, 'flask application'],
  ['wsgi:app', 'found', true, undefined, 'flask application'],
  ['reexport:factory()', 'found', true, undefined, ''],
  ['reexport:factory', 'not-called-factory', true, 'request', 'it returns Flask(...)', 'reexport:factory()'],
  ['mysite.wsgi', 'found', true, undefined, 'django application'],
  ['mysite.wsgi:app', 'attribute-missing', true, 'load', "'app'", 'mysite.wsgi:application'],
  ['djmissing.wsgi', 'import-error', true, 'load', "No module named 'djmissing.settings' (DJANGO_SETTINGS_MODULE=djmissing.settings)"],
  ['djnone.wsgi', 'import-error', false, 'load', 'settings are not configured'],
  ['djbroken.wsgi', 'import-error', true, 'load', "No module named 'djbroken.base'"],
  ['wrapped:app', 'found', true, undefined, 'ProxyFix'],
  ['opaque:app', 'attribute-missing', false, 'load', "'app'"],
  ['dyn:anything', 'found', false, undefined, ''],
  ['syntax:create_app()', 'import-error', true, 'load', 'SyntaxError'],
  ['badimport:app', 'import-error', true, 'load', "No module named 'badimport.nomod'"],
  ['badname', 'import-error', false, 'load', "cannot import name 'nothere' from 'badname.helpers'"],
  ['usesinstalled:app', 'found', true, undefined, ''],
  ['app.py', 'module-missing', true, 'load', "did you mean 'app:application'?", 'app:application'],
  ['app.py:app', 'module-missing', true, 'load', "did you mean 'app:app'?", 'app:app'],
  ['maybe:app', 'not-callable', false, 'load', ''],
  [':app', 'module-missing', true, 'load', 'Empty module name'],
  ['nsp:create_app()', 'attribute-missing', true, 'load', "namespace package), but /ws/nsp/nsp/__init__.py exists: is the chdir (or WorkingDirectory) /ws/nsp rather than /ws?"],
];

for (const [target, kind, certain, failsAt, fragment, suggestion] of table) {
  test(`verdict for ${target}`, () => {
    const v = analyzeTarget(loader(), target);
    assert.equal(v.kind, kind, v.message);
    assert.equal(v.certain, certain, `certain: ${v.message}`);
    assert.equal(v.failsAt, failsAt);
    assert.ok(v.message.includes(fragment), v.message);
    assert.equal(v.suggestions[0]?.target, suggestion);
  });
}

test('the definition is found through re-exports, with its span', () => {
  const v = analyzeTarget(loader(), 'reexport:factory()');
  assert.equal(v.definition?.file, '/ws/reexport/inner.py');
  assert.equal(files['reexport/inner.py'].slice(v.definition!.start, v.definition!.end), 'create_app');
  assert.equal(v.framework, 'flask');
  assert.equal(v.app?.callee, 'flask.Flask');
});

test('findings: codes, severities, placement on the target string, fixes', () => {
  const unit = 'ExecStart=/venv/bin/gunicorn --bind unix:/tmp/a.sock "pybo:create_app"\n';
  const start = unit.indexOf('pybo:');
  const at = { file: '/ws/deploy/app.service', start };
  const [f] = wsgiFindings(analyzeTarget(loader(), 'pybo:create_app'), at);
  assert.equal(f.code, 'wsgi-factory-not-called');
  assert.equal(f.severity, 'error');
  assert.equal(unit.slice(f.start, f.end), 'create_app');
  const edit = f.fixes![0].edits[0];
  assert.equal(unit.slice(0, edit.start) + edit.newText + unit.slice(edit.end), unit.replace('"pybo:create_app"', '"pybo:create_app()"'));
  assert.equal(f.related?.[0].file, '/ws/pybo/__init__.py');

  const cases: Array<[string, string, string, string]> = [
    ['pybo.app:app', 'wsgi-module-not-found', 'error', 'pybo.app'],
    ['nothere:app', 'wsgi-module-not-found', 'warning', 'nothere'],
    ['pybo:create', 'wsgi-attribute-missing', 'error', 'create'],
    ['pybo:create_app(1)', 'wsgi-arity-mismatch', 'error', 'create_app(1)'],
    ['pybo:create_app(', 'wsgi-target-syntax', 'error', 'create_app('],
    ['pybo:NAME', 'wsgi-not-callable', 'error', 'NAME'],
    ['syntax:create_app()', 'wsgi-import-error', 'error', 'syntax'],
  ];
  for (const [target, code, severity, shown] of cases) {
    const text = `x ${target} y`;
    const [g] = wsgiFindings(analyzeTarget(loader(), target), { file: '/f', start: 2 });
    assert.equal(g.code, code, target);
    assert.equal(g.severity, severity, target);
    assert.equal(text.slice(g.start, g.end), shown, target);
  }
  assert.deepEqual(wsgiFindings(analyzeTarget(loader(), 'pybo:create_app()'), at), []);
  // Arguments a factory does not take: the bare call is the fix when it needs none; else no guess.
  const fixed = (target: string) => {
    const text = `x ${target} y`;
    const [g] = wsgiFindings(analyzeTarget(loader(), target), { file: '/f', start: 2 });
    const e = g.fixes?.[0]?.edits[0];
    return e ? text.slice(0, e.start) + e.newText + text.slice(e.end) : undefined;
  };
  assert.equal(fixed('pybo:create_app(1)'), 'x pybo:create_app() y');
  assert.equal(fixed("pybo:create_app('prod', debug=True)"), 'x pybo:create_app() y');
  assert.equal(fixed("pybo:make('prod', True, False)"), undefined);
  assert.equal(fixed('pybo:make()'), undefined);
});
