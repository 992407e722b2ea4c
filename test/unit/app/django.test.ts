import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { effectiveUrl } from '../../../server/src/project/app/django';
import { readApp, type AppModel } from '../../../server/src/project/app/index';
import { loadPython } from '../../helpers/python';

before(loadPython);

const WSGI = "import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\napplication = get_wsgi_application()\n";
const APPS = "INSTALLED_APPS = ['django.contrib.staticfiles', 'polls', 'shop.apps.ShopConfig', 'nostatic']\n";

function project(settings: string, extra: Record<string, string> = {}, options: { target?: string; env?: Record<string, string> } = { target: 'mysite.wsgi' }): { model: AppModel; host: MemoryHost } {
  const files: Record<string, string> = {
    '/ws/mysite/__init__.py': '',
    '/ws/mysite/wsgi.py': WSGI,
    '/ws/mysite/settings.py': settings,
    '/ws/polls/__init__.py': '',
    '/ws/polls/static/polls/a.css': '',
    '/ws/shop/__init__.py': '',
    '/ws/shop/apps.py': 'class ShopConfig: pass\n',
    '/ws/shop/static/shop/b.css': '',
    '/ws/nostatic/__init__.py': '',
    '/ws/collected/.keep': '',
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`/ws/${k}`, v])),
  };
  const host = new MemoryHost(files);
  return { model: readApp(host, { chdir: '/ws', ...options }), host };
}

test('effectiveUrl: a relative URL gets the SCRIPT_NAME prefix', () => {
  assert.equal(effectiveUrl('static/'), '/static/');
  assert.equal(effectiveUrl('/static/'), '/static/');
  assert.equal(effectiveUrl('https://cdn.example.com/s/'), 'https://cdn.example.com/s/');
  assert.equal(effectiveUrl('static/', '/app'), '/app/static/');
  assert.equal(effectiveUrl(''), '');
});

test('the DigitalOcean settings snippet: BASE_DIR, relative STATIC_URL, os.path.join STATIC_ROOT', () => {
  const snippet = "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nALLOWED_HOSTS = ['your_server_domain_or_IP', 'second_domain_or_IP']\nSTATIC_URL = 'static/'\nSTATIC_ROOT = os.path.join(BASE_DIR, 'static/')\n" + APPS;
  const { model } = project(snippet);
  const d = model.django!;
  assert.equal(d.settingsModule?.name, 'mysite.settings');
  assert.equal(d.settingsModule?.via, 'setdefault');
  assert.equal(d.staticUrl, '/static/');
  assert.equal(d.staticRoot, '/ws/static/');
  assert.deepEqual(model.staticMounts.map((m) => `${m.url} -> ${m.dir}`), ['/static/ -> /ws/static']);
  assert.deepEqual(d.allowedHosts, ['your_server_domain_or_IP', 'second_domain_or_IP']);
  assert.deepEqual(d.appStaticDirs, [
    { app: 'polls', dir: '/ws/polls/static' },
    { app: 'shop.apps.ShopConfig', dir: '/ws/shop/static' },
  ]);
});

test('settings module: the caller env wins over setdefault; manage.py main() is read without a target', () => {
  const extra = { 'mysite/prod.py': "STATIC_URL = '/p/'\n", 'manage.py': "import os\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.prod')\nif __name__ == '__main__':\n    main()\n" };
  const env = project("STATIC_URL = '/s/'\n", extra, { target: 'mysite.wsgi', env: { DJANGO_SETTINGS_MODULE: 'mysite.prod' } }).model.django!;
  assert.equal(env.settingsModule?.via, 'caller');
  assert.equal(env.staticUrl, '/p/');
  const files: Record<string, string> = { '/ws/manage.py': extra['manage.py'], '/ws/mysite/__init__.py': '', '/ws/mysite/prod.py': extra['mysite/prod.py'] };
  const noTarget = readApp(new MemoryHost(files), { chdir: '/ws' });
  assert.equal(noTarget.framework, 'django');
  assert.equal(noTarget.django?.settingsModule?.name, 'mysite.prod');
  assert.equal(noTarget.django?.settingsModule?.source?.file, '/ws/manage.py');
});

test('split settings: import * followed, later assignments win, spans point at the file that sets each value', () => {
  const base = "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nSTATIC_URL = '/static/'\nMEDIA_ROOT = BASE_DIR / 'media'\nDEBUG = True\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n";
  const prod = "from .base import *\nDEBUG = False\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\nMIDDLEWARE.insert(1, 'whitenoise.middleware.WhiteNoiseMiddleware')\nDATA_UPLOAD_MAX_MEMORY_SIZE = None\nUSE_X_FORWARDED_HOST = True\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n";
  const files: Record<string, string> = {
    '/ws/mysite/__init__.py': '',
    '/ws/mysite/settings/__init__.py': '',
    '/ws/mysite/settings/base.py': base,
    '/ws/mysite/settings/production.py': prod,
    '/ws/mysite/wsgi.py': WSGI.replace("'mysite.settings'", "'mysite.settings.production'"),
  };
  const model = readApp(new MemoryHost(files), { chdir: '/ws', target: 'mysite.wsgi' });
  const d = model.django!;
  assert.equal(d.debug, false);
  assert.equal(d.staticRoot, '/ws/staticfiles');
  assert.equal(d.mediaRoot, '/ws/media');
  assert.equal(d.whitenoise, true);
  assert.equal(d.dataUploadMaxMemorySize, null);
  assert.equal(model.proxy.maxBodyBytes, null);
  assert.deepEqual(model.proxy.secureProxySslHeader, ['HTTP_X_FORWARDED_PROTO', 'https']);
  assert.equal(model.proxy.useXForwardedHost, true);
  const staticUrl = d.settings.STATIC_URL;
  assert.equal(staticUrl.file, '/ws/mysite/settings/base.py');
  assert.equal(base.slice(staticUrl.valueStart, staticUrl.valueEnd), "'/static/'");
  assert.equal(d.settings.STATIC_ROOT.file, '/ws/mysite/settings/production.py');
  assert.deepEqual(model.media.map((m) => `${m.url} -> ${m.dir}`), []);
});

test('the caller environment (systemd Environment=) is what the settings read', () => {
  const s = "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'False') == 'True'\nSTATIC_URL = os.environ.get('STATIC_URL', '/static/')\nSTATIC_ROOT = '/ws/collected'\n" + APPS;
  const { model } = project(s, {}, { target: 'mysite.wsgi', env: { DJANGO_DEBUG: 'True', STATIC_URL: '/s/' } });
  assert.equal(model.django!.debug, true);
  assert.equal(model.django!.staticUrl, '/s/');
  assert.deepEqual(model.staticMounts[0].env, ['STATIC_URL']);
});

test('django-environ and os.environ defaults are used and marked env-dependent', () => {
  const s = "import environ, os\nenv = environ.Env()\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nDEBUG = env.bool('DEBUG', default=False)\nSTATIC_URL = env('STATIC_URL', default='/assets/')\nSTATIC_ROOT = os.environ.get('STATIC_ROOT', os.path.join(BASE_DIR, 'collected'))\nALLOWED_HOSTS = env.list('ALLOWED_HOSTS', default=['a.example'])\n" + APPS;
  const { model } = project(s);
  const d = model.django!;
  assert.equal(d.debug, false);
  assert.equal(d.staticUrl, '/assets/');
  assert.equal(d.staticRoot, '/ws/collected');
  assert.deepEqual(d.allowedHosts, ['a.example']);
  assert.deepEqual(model.staticMounts[0].env, ['STATIC_ROOT', 'STATIC_URL']);
});

// [settings, expected finding codes (sorted by position)]
const findings: Array<[string, string, string[]]> = [
  ['clean', "STATIC_URL = '/static/'\nSTATIC_ROOT = '/srv/static'\nMEDIA_URL = '/media/'\nMEDIA_ROOT = '/srv/media'\nSTATICFILES_DIRS = ['/ws/assets', ('vendor', '/ws/vendor')]\n", ['django-static-not-collected']],
  ['STATIC_URL without slash', "STATIC_URL = '/static'\nSTATIC_ROOT = '/ws/collected'\n", ['django-static-url-slash']],
  ['MEDIA_URL without slash', "STATIC_URL = '/static/'\nSTATIC_ROOT = '/ws/collected'\nMEDIA_URL = '/media'\n", ['django-media-url-slash']],
  ['STATICFILES_DIRS is a string', "STATIC_URL = '/static/'\nSTATIC_ROOT = '/ws/collected'\nSTATICFILES_DIRS = '/ws/assets'\n", ['django-staticfiles-dirs-not-list']],
  ['STATICFILES_DIRS contains STATIC_ROOT', "from pathlib import Path\nSTATIC_URL = '/static/'\nSTATIC_ROOT = Path('/ws/collected')\nSTATICFILES_DIRS = [Path('/ws/assets'), '/ws/collected/']\n", ['django-staticfiles-dirs-contains-root']],
  ['prefix with a slash', "STATIC_URL = '/static/'\nSTATIC_ROOT = '/ws/collected'\nSTATICFILES_DIRS = [('vendor/', '/ws/vendor')]\n", ['django-staticfiles-prefix-slash']],
  ['MEDIA_URL equals STATIC_URL', "STATIC_URL = 'static/'\nSTATIC_ROOT = '/ws/collected'\nMEDIA_URL = '/static/'\nMEDIA_ROOT = '/ws/media'\n", ['django-media-url-equals-static-url']],
  ['MEDIA_ROOT equals STATIC_ROOT', "STATIC_URL = '/static/'\nSTATIC_ROOT = '/ws/collected'\nMEDIA_URL = '/media/'\nMEDIA_ROOT = '/ws/collected/'\n", ['django-media-root-equals-static-root']],
  ['STATIC_ROOT unset', "DEBUG = False\nSTATIC_URL = '/static/'\n", ['django-static-root-unset']],
  ['STATIC_ROOT unset but DEBUG', "DEBUG = True\nSTATIC_URL = '/static/'\n", []],
];

for (const [name, settings, codes] of findings) {
  test(`Django findings: ${name}`, () => {
    const { model } = project(settings + APPS);
    assert.deepEqual(model.findings.map((f) => f.code), codes);
    for (const f of model.findings) assert.equal(f.file, '/ws/mysite/settings.py');
  });
}

test('fixes: a trailing slash inside the literal, a list around a string', () => {
  const cases: Array<[string, string, string]> = [
    ["STATIC_URL = '/static'\nSTATIC_ROOT = '/ws/c'\n", 'django-static-url-slash', "STATIC_URL = '/static/'\n"],
    ["STATIC_URL = '/static/'\nSTATIC_ROOT = '/ws/c'\nSTATICFILES_DIRS = '/ws/assets'\n", 'django-staticfiles-dirs-not-list', "STATICFILES_DIRS = ['/ws/assets']\n"],
  ];
  for (const [settings, code, line] of cases) {
    const text = settings + APPS;
    const { model } = project(text);
    const f = model.findings.find((x) => x.code === code)!;
    const e = f.fixes![0].edits[0];
    const fixed = text.slice(0, e.start) + e.newText + text.slice(e.end);
    assert.ok(fixed.includes(line), fixed);
  }
  // Computed values get no fix.
  const { model } = project("BASE = '/s'\nSTATIC_URL = BASE + '/x'\nSTATIC_ROOT = '/ws/c'\n" + APPS);
  assert.deepEqual(model.findings.find((x) => x.code === 'django-static-url-slash')?.fixes, []);
});

test('broken settings still give what can be read', () => {
  const { model } = project("STATIC_URL = '/static/'\nSTATIC_ROOT = os.path.join(\nMEDIA_URL = '/media/'\n\uFFFD\uFFFD\nDEBUG = False\n" + APPS);
  const d = model.django!;
  assert.equal(d.staticUrl, '/static/');
  assert.equal(d.mediaUrl, '/media/');
  assert.equal(d.debug, false);
});
