import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { readApp, type AppModel } from '../../../server/src/project/app/index';
import { loadPython } from '../../helpers/python';

before(loadPython);

function app(files: Record<string, string>, target: string, env?: Record<string, string>): AppModel {
  const host = new MemoryHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/ws/${k}`, v])));
  return readApp(host, { chdir: '/ws', target, ...(env ? { env } : {}) });
}

const H = 'import os\nfrom flask import Flask, Blueprint\n';

// [description, files, target, expected mounts as "url -> dir (owner)"]
const staticTable: Array<[string, Record<string, string>, string, string[]]> = [
  ['package: root_path is the package dir', { 'pkg/__init__.py': `${H}app = Flask(__name__)\n` }, 'pkg:app', ['/static/ -> /ws/pkg/static (app)']],
  ['module: root_path is the module dir', { 'app.py': `${H}app = Flask(__name__)\n` }, 'app:app', ['/static/ -> /ws/static (app)']],
  ['static_folder sets the URL too', { 'app.py': `${H}app = Flask(__name__, static_folder='assets')\n` }, 'app:app', ['/assets/ -> /ws/assets (app)']],
  ['trailing slashes are stripped', { 'app.py': `${H}app = Flask(__name__, static_folder='assets/', static_url_path='/s/')\n` }, 'app:app', ['/s/ -> /ws/assets (app)']],
  ['static_folder=None: no static route', { 'app.py': `${H}app = Flask(__name__, static_folder=None)\n` }, 'app:app', []],
  ["static_url_path='' serves at /", { 'app.py': `${H}app = Flask(__name__, static_url_path='')\n` }, 'app:app', ['/ -> /ws/static (app)']],
  ['an absolute static_folder wins', { 'app.py': `${H}app = Flask(__name__, static_folder='/srv/www/public')\n` }, 'app:app', ['/public/ -> /srv/www/public (app)']],
  ['root_path= overrides', { 'app.py': `${H}app = Flask(__name__, root_path='/srv/x')\n` }, 'app:app', ['/static/ -> /srv/x/static (app)']],
  ['positional static_url_path and static_folder', { 'app.py': `${H}app = Flask(__name__, '/st', 'public')\n` }, 'app:app', ['/st/ -> /ws/public (app)']],
  ['import name of another package', { 'app.py': `${H}app = Flask('other')\n`, 'other/__init__.py': '' }, 'app:app', ['/static/ -> /ws/other/static (app)']],
  ['an import name that cannot be found: the cwd', { 'sub/app.py': `${H}app = Flask('nothere')\n` }, 'sub.app:app', ['/static/ -> /ws/static (app)']],
  ['static_folder assigned after construction: same URL, new dir', { 'app.py': `${H}app = Flask(__name__)\napp.static_folder = 'public'\n` }, 'app:app', ['/static/ -> /ws/public (app)']],
  ['Path expressions', { 'app.py': `${H}from pathlib import Path\nBASE = Path(__file__).parent\napp = Flask(__name__, static_folder=BASE / 'web' / 'dist')\n` }, 'app:app', ['/dist/ -> /ws/web/dist (app)']],
  [
    'blueprints: own prefix, registration prefix, static_url_path, nested, unregistered, shadowed',
    {
      'pkg/__init__.py': [
        H,
        'from .bps import a, b, c, parent, child, lonely, shadow',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(a)',
        "    app.register_blueprint(b, url_prefix='/bee')",
        '    app.register_blueprint(c)',
        "    parent.register_blueprint(child, url_prefix='/child')",
        '    app.register_blueprint(parent)',
        '    app.register_blueprint(shadow)',
        '    return app',
      ].join('\n'),
      'pkg/bps.py': [
        H,
        "a = Blueprint('a', __name__, static_folder='a_static', url_prefix='/a')",
        "b = Blueprint('b', __name__, static_folder='b_static', url_prefix='/ignored')",
        "c = Blueprint('c', __name__, static_folder='c_static', static_url_path='/c-assets')",
        "parent = Blueprint('parent', __name__, url_prefix='/parent')",
        "child = Blueprint('child', __name__, static_folder='kid')",
        "lonely = Blueprint('lonely', __name__, static_folder='x')",
        "shadow = Blueprint('shadow', __name__, static_folder='static')",
      ].join('\n'),
    },
    'pkg:create_app()',
    [
      '/static/ -> /ws/pkg/static (app)',
      '/a/a_static/ -> /ws/pkg/a_static (blueprint:a)',
      '/bee/b_static/ -> /ws/pkg/b_static (blueprint:b)',
      '/c-assets/ -> /ws/pkg/c_static (blueprint:c)',
      '/parent/child/kid/ -> /ws/pkg/kid (blueprint:child)',
      '/static/ -> /ws/pkg/static (blueprint:shadow, shadowed)',
    ],
  ],
];

for (const [name, files, target, expected] of staticTable) {
  test(`Flask static: ${name}`, () => {
    const m = app(files, target);
    assert.equal(m.framework, 'flask', JSON.stringify(m.target));
    assert.deepEqual(
      m.staticMounts.map((s) => `${s.url} -> ${s.dir} (${s.owner}${s.effective ? '' : ', shadowed'})`),
      expected,
    );
  });
}

test('an env-dependent static folder keeps the default and names the variable', () => {
  const m = app({ 'app.py': `${H}app = Flask(__name__, static_folder=os.environ.get('STATIC_DIR', 'public'))\n` }, 'app:app');
  assert.equal(m.staticMounts[0].dir, '/ws/public');
  assert.deepEqual(m.staticMounts[0].env, ['STATIC_DIR']);
});

test('routes: app and blueprint decorators, add_url_rule, prefixes, methods; unregistered blueprints serve nothing', () => {
  const files = {
    'app.py': [
      H,
      'from views import bp, hidden',
      'app = Flask(__name__)',
      "@app.route('/')",
      'def index(): pass',
      "@app.get('/items')",
      'def items(): pass',
      "@app.route('/form', methods=['get', 'POST'], endpoint='the_form')",
      'def form(): pass',
      'def health(): pass',
      "app.add_url_rule('/health', 'health', health)",
      "app.register_blueprint(bp, url_prefix='/api/')",
    ].join('\n'),
    'views.py': [H, "bp = Blueprint('api', __name__)", "hidden = Blueprint('hidden', __name__)", "@bp.route('/users/<int:id>')", 'def user(id): pass', "@bp.post('')", 'def create(): pass', "@hidden.route('/secret')", 'def secret(): pass'].join('\n'),
  };
  const m = app(files, 'app:app');
  assert.deepEqual(
    m.routes.map((r) => `${r.rule} ${r.methods?.join(',') ?? '*'} ${r.endpoint} ${r.blueprint ?? '-'}`).sort(),
    ['/ * index -', '/api/ POST create api', '/api/users/<int:id> * user api', '/form GET,POST the_form -', '/health * health -', '/items GET items -'],
  );
  const hidden = m.flask!.blueprints.find((b) => b.name === 'hidden')!;
  assert.equal(hidden.registered, false);
});

test('config: from_object (class with bases, import string, module), from_pyfile, update, item; ProxyFix; from_envvar', () => {
  const files = {
    'pkg/__init__.py': [
      H,
      'from werkzeug.middleware.proxy_fix import ProxyFix',
      'import settings',
      'def create_app():',
      '    app = Flask(__name__)',
      "    app.config.from_object('config.Production')",
      '    app.config.from_object(settings)',
      "    app.config.from_pyfile('instance.cfg')",
      "    app.config.update(SESSION_COOKIE_SECURE=True)",
      "    app.config['PREFERRED_URL_SCHEME'] = 'https'",
      "    app.config.from_envvar('APP_CONFIG_FILE')",
      '    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=2, x_host=1)',
      '    return app',
    ].join('\n'),
    'config.py': 'class Base:\n    MAX_CONTENT_LENGTH = 1024\n    DEBUG = True\n    lower = 1\nclass Production(Base):\n    DEBUG = False\n',
    'settings.py': 'SECRET_KEY = "s"\n',
    'pkg/instance.cfg': 'MAX_CONTENT_LENGTH = 8 * 1024 * 1024\n',
  };
  const m = app(files, 'pkg:create_app()');
  const f = m.flask!;
  const plain = Object.fromEntries(Object.entries(f.config).map(([k, e]) => [k, e.value.kind === 'unknown' ? '?' : (e.value as { value?: unknown }).value]));
  assert.deepEqual(plain, { MAX_CONTENT_LENGTH: 8388608, DEBUG: false, SECRET_KEY: 's', SESSION_COOKIE_SECURE: true, PREFERRED_URL_SCHEME: 'https' });
  assert.equal(f.config.MAX_CONTENT_LENGTH.via, 'from_pyfile');
  assert.equal(f.config.DEBUG.source?.file, '/ws/config.py');
  assert.deepEqual(f.configEnv, ['APP_CONFIG_FILE']);
  assert.deepEqual(m.proxy.proxyFix && [m.proxy.proxyFix.x_for, m.proxy.proxyFix.x_proto, m.proxy.proxyFix.x_host], [2, 1, 1]);
  assert.equal(m.proxy.maxBodyBytes, 8388608);
});

test('ProxyFix wrapping the app object at module level; the app behind it is read', () => {
  const m = app({ 'app.py': `${H}from werkzeug.middleware.proxy_fix import ProxyFix\napp = Flask(__name__)\napplication = ProxyFix(app, x_proto=1, x_for=0)\n` }, 'app:application');
  assert.equal(m.framework, 'flask');
  assert.equal(m.staticMounts[0].url, '/static/');
  assert.deepEqual(m.proxy.proxyFix && [m.proxy.proxyFix.x_for, m.proxy.proxyFix.x_proto], [0, 1]);
});

test('findings: shadowed blueprint static, static_url_path assigned late, static_url_path without slash', () => {
  const files = {
    'app.py': `${H}app = Flask(__name__)\nbp = Blueprint('b', __name__, static_folder='static')\napp.register_blueprint(bp)\napp.static_url_path = '/assets'\n`,
    'bad.py': `${H}app = Flask(__name__, static_url_path='static')\n`,
  };
  assert.deepEqual(app(files, 'app:app').findings.map((f) => `${f.code}:${f.severity}`), ['flask-blueprint-static-shadowed:warning', 'flask-static-url-path-after-init:warning']);
  assert.deepEqual(app(files, 'bad:app').findings.map((f) => f.code), ['flask-static-url-path-slash']);
});

test('the app built by a factory called at module level (wsgi.py: app = create_app()) is read with its blueprints', () => {
  const files = {
    'wsgi.py': 'from pkg import create_app\napp = create_app()\n',
    'pkg/__init__.py': `${H}def create_app():\n    app = Flask(__name__)\n    from .v import bp\n    app.register_blueprint(bp)\n    return app\n`,
    'pkg/v.py': `${H}bp = Blueprint('v', __name__, url_prefix='/v', static_folder='s')\n@bp.route('/x')\ndef x(): pass\n`,
  };
  const m = app(files, 'wsgi:app');
  assert.equal(m.target?.kind, 'found');
  assert.deepEqual(m.staticMounts.map((s) => s.url), ['/static/', '/v/s/']);
  assert.deepEqual(m.routes.map((r) => r.rule), ['/v/x']);
});
