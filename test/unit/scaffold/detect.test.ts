// detectApp on small app folders: which target gunicorn gets, which alternatives are kept, what the
// notes say, and what nginx is told to serve (static folders, STATIC_ROOT/MEDIA_ROOT, body limit).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { detectApp } from '../../../server/src/features/scaffold/index';
import { loadPython } from '../../helpers/python';

before(loadPython);

const FLASK = 'from flask import Flask\n';
const FACTORY = `${FLASK}\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n`;

interface Row {
  name: string;
  files: Record<string, string>;
  target: string | null;
  shape?: string;
  alternatives?: string[];
  notes?: RegExp[];
  /** `url -> dir relative to /ws (or absolute server dir)`. */
  statics?: Record<string, string>;
  maxBody?: number;
}

const ROWS: Row[] = [
  { name: 'one module, app object', files: { 'app.py': `${FLASK}app = Flask(__name__)\n` }, target: 'app:app', shape: 'module', alternatives: [] },
  { name: 'one module, another name for the app', files: { 'main.py': `${FLASK}server = Flask(__name__)\n` }, target: 'main:server', shape: 'module' },
  { name: 'a package with an app object', files: { 'web/__init__.py': `${FLASK}app = Flask(__name__)\n` }, target: 'web:app', shape: 'package' },
  { name: 'a package factory beats the module that calls it', files: { 'pkg/__init__.py': FACTORY, 'run.py': 'from pkg import create_app\napp = create_app()\nif __name__ == "__main__":\n    app.run()\n' }, target: 'pkg:create_app()', shape: 'factory', alternatives: ['run:app'] },
  { name: 'a wsgi.py entry module beats the factory', files: { 'pkg/__init__.py': FACTORY, 'wsgi.py': 'from pkg import create_app\napp = create_app()\n' }, target: 'wsgi:app', shape: 'module', alternatives: ['pkg:create_app()'] },
  { name: 'an app wrapped in ProxyFix is still the app', files: { 'app.py': `${FLASK}from werkzeug.middleware.proxy_fix import ProxyFix\n_app = Flask(__name__)\napp = ProxyFix(_app, x_proto=1)\n` }, target: 'app:app', shape: 'module' },
  { name: 'a factory with defaults is called without arguments', files: { 'shop/__init__.py': `${FLASK}\n\ndef make_app(config="prod", *, debug=False):\n    return Flask(__name__)\n` }, target: 'shop:make_app()', shape: 'factory' },
  {
    name: 'a factory that needs an argument: last resort, with a note',
    files: { 'shop/__init__.py': `${FLASK}\n\ndef create_app(config_name):\n    return Flask(__name__)\n` },
    target: 'shop:create_app()',
    notes: [/create_app\(\) needs 1 argument \(config_name\)/],
  },
  { name: 'tests, setup.py and gunicorn configs are not the app', files: { 'setup.py': `${FLASK}app = Flask(__name__)\n`, 'tests/__init__.py': `${FLASK}app = Flask(__name__)\n`, 'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\n', 'site/__init__.py': `${FLASK}app = Flask(__name__)\n` }, target: 'site:app' },
  { name: 'no Python at all', files: { 'README.md': '# hi\n' }, target: null, notes: [/no Python module or package/] },
  { name: 'Python without an app', files: { 'tool.py': 'print("hi")\n', 'lib/__init__.py': 'X = 1\n' }, target: null, notes: [/no Flask app or Django project found in lib\/, tool\.py/] },
  {
    name: 'Flask statics: an existing folder is served, a missing one is not, the body limit is read',
    files: { 'app.py': `${FLASK}app = Flask(__name__, static_folder="public", static_url_path="/s")\napp.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024\n`, 'public/a.css': '' },
    target: 'app:app',
    statics: { '/s/': 'public' },
    maxBody: 3 * 1024 * 1024,
  },
  { name: 'Flask statics: no static folder in the workspace, no location', files: { 'app.py': `${FLASK}app = Flask(__name__)\n` }, target: 'app:app', statics: {} },
  {
    name: 'Flask statics at the root URL are left to Flask',
    files: { 'app.py': `${FLASK}app = Flask(__name__, static_url_path="")\n`, 'static/a.css': '' },
    target: 'app:app',
    statics: {},
    notes: [/serves static files at \//],
  },
  {
    name: 'a body limit from the environment is not mirrored',
    files: { 'app.py': `${FLASK}import os\napp = Flask(__name__)\napp.config["MAX_CONTENT_LENGTH"] = int(os.environ.get("MAX_UPLOAD", "100"))\n` },
    target: 'app:app',
  },
];

const DJ_WSGI = (settings: string) => `import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${settings}")\napplication = get_wsgi_application()\n`;
const DJ_SETTINGS = 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ["django.contrib.staticfiles"]\nROOT_URLCONF = "proj.urls"\n';

ROWS.push(
  {
    name: 'Django: STATIC_ROOT outside the project is a server path',
    files: { 'proj/__init__.py': '', 'proj/wsgi.py': DJ_WSGI('proj.settings'), 'proj/settings.py': `${DJ_SETTINGS}STATIC_URL = "/assets/"\nSTATIC_ROOT = "/var/www/proj/static/"\n` },
    target: 'proj.wsgi:application',
    statics: { '/assets/': '/var/www/proj/static' },
  },
  {
    name: 'Django: no STATIC_ROOT, a note and no location',
    files: { 'proj/__init__.py': '', 'proj/wsgi.py': DJ_WSGI('proj.settings'), 'proj/settings.py': `${DJ_SETTINGS}STATIC_URL = "static/"\n` },
    target: 'proj.wsgi:application',
    statics: {},
    notes: [/STATIC_ROOT is not set/],
  },
  {
    name: 'Django: WSGI_APPLICATION names another module',
    files: { 'proj/__init__.py': '', 'proj/settings.py': `${DJ_SETTINGS}WSGI_APPLICATION = "proj.server.app"\nSTATIC_ROOT = BASE_DIR / "static"\n`, 'proj/server.py': DJ_WSGI('proj.settings').replace('application =', 'app ='), 'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n' },
    target: 'proj.server:app',
  },
  {
    name: 'Django: settings found without a setdefault are given in the unit',
    files: { 'proj/__init__.py': '', 'proj/settings.py': `${DJ_SETTINGS}STATIC_ROOT = BASE_DIR / "static"\n`, 'proj/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n' },
    target: 'proj.wsgi:application',
  },
  {
    name: 'Django: a settings package defaulting to local picks production',
    files: { 'proj/__init__.py': '', 'proj/wsgi.py': DJ_WSGI('proj.settings.local'), 'proj/settings/__init__.py': '', 'proj/settings/base.py': DJ_SETTINGS, 'proj/settings/local.py': 'from .base import *\nDEBUG = True\n', 'proj/settings/production.py': 'from .base import *\nDEBUG = False\n' },
    target: 'proj.wsgi:application',
    notes: [/defaults to proj\.settings\.local; the server runs with proj\.settings\.production/],
  },
);

for (const row of ROWS) {
  test(`detectApp: ${row.name}`, () => {
    const host = new MemoryHost(Object.fromEntries(Object.entries(row.files).map(([k, v]) => [`/ws/${k}`, v])));
    const { app, notes } = detectApp(host, '/ws');
    assert.equal(app?.target ?? null, row.target, notes.join('; '));
    if (row.shape) assert.equal(app?.framework === 'flask' ? app.shape : undefined, row.shape);
    if (row.alternatives) assert.deepEqual(app?.alternatives, row.alternatives);
    for (const n of row.notes ?? []) assert.ok(notes.some((x) => n.test(x)), `${n} in ${JSON.stringify(notes)}`);
    if (!row.notes) assert.deepEqual(notes, []);
    if (row.statics) assert.deepEqual(Object.fromEntries(app!.statics.map((d) => [d.url, d.dir ? d.dir.slice(4) : d.serverDir])), row.statics);
    assert.equal(app?.maxBodyBytes, row.maxBody);
  });
}

test('detectApp: settings names of the split layout, and the env the unit must set', () => {
  const row = ROWS.find((r) => r.name.includes('picks production'))!;
  const host = new MemoryHost(Object.fromEntries(Object.entries(row.files).map(([k, v]) => [`/ws/${k}`, v])));
  const app = detectApp(host, '/ws').app;
  assert.equal(app?.framework, 'django');
  if (app?.framework !== 'django') return;
  assert.equal(app.settingsModule, 'proj.settings.production');
  assert.equal(app.settingsEnv, 'proj.settings.production');
  assert.equal(app.settingsFile, '/ws/proj/settings/production.py');
  assert.equal(app.wsgiModule, 'proj.wsgi');
});

test('detectApp: a folder name becomes a deployment name nginx and systemd accept', () => {
  const host = new MemoryHost({ '/home/me/My Shop!/app.py': `${FLASK}app = Flask(__name__)\n` });
  assert.equal(detectApp(host, '/home/me/My Shop!').app?.name, 'my-shop');
  const odd = new MemoryHost({ '/w/__/app.py': `${FLASK}app = Flask(__name__)\n` });
  assert.equal(detectApp(odd, '/w/__').app?.name, '__');
});
