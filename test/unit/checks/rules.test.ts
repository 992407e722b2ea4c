/**
 * The cross-check rules on small in-memory workspaces: a Flask app (pybo with a factory) or a
 * Django project, a systemd unit and an nginx site, each case changing a few lines. Data-driven:
 * each row says which codes must be reported (with their severity) and which must not.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkPath } from '../../../server/src/project/check';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';

before(async () => {
  await loadPython();
});

const APP = '/home/u/app';

const FLASK: Record<string, string> = {
  [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n",
  [`/ws${APP}/pybo/static/style.css`]: 'body {}\n',
};

const DJANGO = (settings: string): Record<string, string> => ({
  [`/ws${APP}/mysite/__init__.py`]: '',
  [`/ws${APP}/mysite/wsgi.py`]: "import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\napplication = get_wsgi_application()\n",
  [`/ws${APP}/mysite/settings.py`]: `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_URL = '/static/'\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n${settings}`,
});

const unit = (exec: string, extra = '') => `[Service]\nUser=u\nGroup=www-data\nWorkingDirectory=${APP}\n${extra}ExecStart=/home/u/venv/bin/gunicorn ${exec}\n`;
const site = (body: string, server = '') => `server {\n    listen 80;\n    server_name example.com;\n${server}${body}\n}\n`;
const STATIC = `    location /static/ {\n        alias ${APP}/pybo/static/;\n    }\n`;
const PROXY = '    location / {\n        include proxy_params;\n        proxy_pass http://unix:/run/app/g.sock;\n    }\n';

interface Row {
  name: string;
  files: Record<string, string>;
  /** code -> severity that must be reported. */
  want?: Record<string, string>;
  /** codes that must not be reported (`code:severity`: not at that severity). */
  not?: string[];
}

const flask = (exec: string, body: string, extra?: { unit?: string; files?: Record<string, string> }): Record<string, string> => ({
  ...FLASK,
  '/ws/etc/systemd/system/app.service': unit(exec, extra?.unit),
  '/ws/etc/nginx/sites-available/app': site(body),
  ...(extra?.files ?? {}),
});
const django = (settings: string, body: string, unitExtra = ''): Record<string, string> => ({
  ...DJANGO(settings),
  '/ws/etc/systemd/system/app.service': unit('--bind unix:/run/app/g.sock mysite.wsgi', unitExtra),
  '/ws/etc/nginx/sites-available/app': site(body),
});
const BIND = '--bind unix:/run/app/g.sock "pybo:create_app()"';
const DJ_STATIC = `    location /static/ {\n        alias ${APP}/staticfiles/;\n    }\n`;

// A repository layout run by honcho/foreman: Procfile at the root, `.env` beside it, nginx naming the deployed copy.
const procfile = (web: string, env: string | undefined): Record<string, string> => ({
  '/ws/pybo/__init__.py': FLASK[`/ws${APP}/pybo/__init__.py`],
  '/ws/pybo/static/style.css': 'body {}\n',
  '/ws/Procfile': web,
  ...(env === undefined ? {} : { '/ws/.env': env }),
  '/ws/deploy/site.nginx': `upstream pybo {\n    server 127.0.0.1:8000;\n}\n${site(`    location ^~ /static/ {\n        root /srv/myproject/pybo;\n    }\n    location / {\n        include proxy_params;\n        proxy_pass http://pybo;\n    }\n`)}`,
});
const WEB = 'web: gunicorn "pybo:create_app()" --workers 2\n';

// Django with ROOT_URLCONF = 'mysite.urls' and that file.
const djangoUrls = (debug: string, urls: string): Record<string, string> => ({
  ...django(`${debug}\nALLOWED_HOSTS = ['example.com']\nROOT_URLCONF = 'mysite.urls'\n`, PROXY),
  [`/ws${APP}/mysite/urls.py`]: urls,
});
const URLS_PLAIN = "from django.urls import path\nfrom . import views\nurlpatterns = [path('hello/', views.hello)]\n";
const URLS_STATIC = "from django.conf import settings\nfrom django.conf.urls.static import static\nfrom django.urls import path\nurlpatterns = [path('hello/', print)] + static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)\n";
const URLS_SF = "from django.contrib.staticfiles.urls import staticfiles_urlpatterns\nurlpatterns = []\nurlpatterns += staticfiles_urlpatterns()\n";

const rows: Row[] = [
  { name: 'a working Flask deployment', files: flask(BIND, STATIC + PROXY), not: ['static-dir-mismatch', 'static-not-served', 'host-not-forwarded', 'socket-permission', 'static-alias-traversal'] },
  { name: 'root one level up is right', files: flask(BIND, `    location /static {\n        root ${APP}/pybo;\n    }\n` + PROXY), not: ['static-root-as-alias', 'static-dir-mismatch'] },
  { name: 'root naming the folder itself', files: flask(BIND, `    location /static/ {\n        root ${APP}/pybo/static;\n    }\n` + PROXY), want: { 'static-root-as-alias': 'error' } },
  { name: 'alias glued to the file name', files: flask(BIND, `    location /static/ {\n        alias ${APP}/pybo/static;\n    }\n` + PROXY), want: { 'static-alias-no-slash': 'error' }, not: ['static-dir-mismatch'] },
  { name: 'off-by-slash', files: flask(BIND, `    location /static {\n        alias ${APP}/pybo/static/;\n    }\n` + PROXY), want: { 'static-alias-traversal': 'error' }, not: ['static-dir-mismatch'] },
  { name: 'off-by-slash on a ^~ location', files: flask(BIND, `    location ^~ /img {\n        alias /srv/img/;\n    }\n` + STATIC + PROXY), want: { 'static-alias-traversal': 'error' } },
  { name: 'a regex location takes the stylesheets', files: flask(BIND, STATIC + '    location ~* \\.css$ {\n        expires 30d;\n    }\n' + PROXY), want: { 'static-shadowed-by-regex': 'error' } },
  { name: 'a regex location that proxies the stylesheets: a warning', files: flask(BIND, STATIC + '    location ~* \\.css$ {\n        proxy_pass http://unix:/run/app/g.sock;\n    }\n' + PROXY), want: { 'static-shadowed-by-regex': 'warning' } },
  { name: '^~ keeps them', files: flask(BIND, STATIC.replace('location /static/', 'location ^~ /static/') + '    location ~* \\.css$ {\n        expires 30d;\n    }\n' + PROXY), not: ['static-shadowed-by-regex', 'static-dir-mismatch'] },
  { name: 'a regex location with the right root is fine', files: flask(BIND, STATIC + `    location ~* \\.css$ {\n        root ${APP}/pybo;\n    }\n` + PROXY), not: ['static-shadowed-by-regex', 'static-dir-mismatch'] },
  { name: 'Flask without a static location: a hint', files: flask(BIND, PROXY), want: { 'static-not-served': 'hint' } },
  { name: 'Flask without Host forwarding: a hint', files: flask(BIND, STATIC + PROXY.replace('        include proxy_params;\n', '')), want: { 'host-not-forwarded': 'hint' } },
  { name: 'umask 077: certain', files: flask(BIND.replace('--bind', '--umask 077 --bind'), STATIC + PROXY), want: { 'socket-permission': 'error' } },
  { name: 'umask 007 with the www-data group is fine', files: flask(BIND.replace('--bind', '-m 007 --bind'), STATIC + PROXY), not: ['socket-permission'] },
  {
    name: "umask 007 with the user's own group: a warning",
    files: { ...flask(BIND, STATIC + PROXY), '/ws/etc/systemd/system/app.service': unit(BIND.replace('--bind', '-m 007 --bind')).replace('Group=www-data\n', '') },
    want: { 'socket-permission': 'warning' },
  },
  { name: 'PrivateTmp with a /tmp socket', files: { ...flask(BIND.replace('/run/app/g.sock', '/tmp/g.sock'), STATIC + PROXY.replace('/run/app/g.sock', '/tmp/g.sock'), { unit: 'PrivateTmp=true\n' }) }, want: { 'socket-private-tmp': 'error', 'gunicorn-private-tmp-socket': 'warning' } },
  { name: 'a relative socket in nginx that works from /', files: flask(BIND, STATIC + PROXY.replace('http://unix:/run/app/g.sock', 'http://unix:run/app/g.sock')), want: { 'proxy-pass-relative-socket': 'warning' }, not: ['proxy-target-not-bound'] },
  { name: 'a relative socket in nginx that does not', files: flask(BIND, STATIC + PROXY.replace('http://unix:/run/app/g.sock', 'http://unix:g.sock')), want: { 'proxy-pass-relative-socket': 'error' } },
  { name: 'uwsgi_pass to gunicorn', files: flask(BIND, STATIC + '    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/app/g.sock;\n    }\n'), want: { 'uwsgi-pass-to-gunicorn': 'error' } },
  { name: 'a short proxy_read_timeout', files: flask(BIND.replace('--bind', '--timeout 90 --bind'), STATIC + PROXY.replace('include proxy_params;', 'include proxy_params;\n        proxy_read_timeout 30s;')), want: { 'proxy-timeout-short': 'warning' } },
  { name: 'defaults agree', files: flask(BIND, STATIC + PROXY), not: ['proxy-timeout-short', 'body-size-mismatch'] },
  { name: 'a longer gunicorn timeout against the default 60s', files: flask(BIND.replace('--bind', '--timeout 300 --bind'), STATIC + PROXY), want: { 'proxy-timeout-short': 'warning' } },
  {
    name: 'the app accepts bigger bodies than nginx',
    files: { ...flask(BIND, STATIC + PROXY), [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.config['MAX_CONTENT_LENGTH'] = 16 * 1024 * 1024\n    return app\n" },
    want: { 'body-size-mismatch': 'information' },
  },
  {
    name: 'ProxyFix(x_proto=1) without X-Forwarded-Proto',
    files: {
      ...flask(BIND, STATIC + PROXY.replace('include proxy_params;', 'proxy_set_header Host $host;')),
      [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\nfrom werkzeug.middleware.proxy_fix import ProxyFix\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)\n    return app\n",
    },
    want: { 'forwarded-proto-missing': 'warning' },
  },
  { name: 'no WorkingDirectory', files: { ...flask(BIND, STATIC + PROXY), '/ws/etc/systemd/system/app.service': unit(BIND).replace(`WorkingDirectory=${APP}\n`, '') }, want: { 'no-working-directory': 'error' }, not: ['static-dir-mismatch'] },
  {
    name: 'a blueprint static folder served from the wrong directory',
    files: {
      ...flask(BIND, STATIC + `    location /admin/static/ {\n        alias ${APP}/pybo/static/;\n    }\n` + PROXY),
      [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    from .admin.views import bp\n    app.register_blueprint(bp, url_prefix='/admin')\n    return app\n",
      [`/ws${APP}/pybo/admin/__init__.py`]: '',
      [`/ws${APP}/pybo/admin/views.py`]: "from flask import Blueprint\n\nbp = Blueprint('admin', __name__, static_folder='static')\n",
      [`/ws${APP}/pybo/admin/static/admin.css`]: 'h1 {}\n',

    },
    want: { 'static-dir-mismatch': 'error' },
  },
  {
    name: 'a blueprint static folder served right',
    files: {
      ...flask(BIND, STATIC + `    location /admin/static/ {\n        alias ${APP}/pybo/admin/static/;\n    }\n` + PROXY),
      [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    from .admin.views import bp\n    app.register_blueprint(bp, url_prefix='/admin')\n    return app\n",
      [`/ws${APP}/pybo/admin/__init__.py`]: '',
      [`/ws${APP}/pybo/admin/views.py`]: "from flask import Blueprint\n\nbp = Blueprint('admin', __name__, static_folder='static')\n",
      [`/ws${APP}/pybo/admin/static/admin.css`]: 'h1 {}\n',

    },
    not: ['static-dir-mismatch', 'static-not-served'],
  },
  {
    name: 'an HTTPS server behind a redirecting HTTP one',
    files: {
      ...flask(BIND, ''),
      '/ws/etc/nginx/sites-available/app': `server {\n    listen 80;\n    server_name example.com;\n    return 301 https://$host$request_uri;\n}\nserver {\n    listen 443 ssl;\n    server_name example.com;\n    ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;\n    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;\n    location /static/ {\n        alias ${APP}/pybo/static;\n    }\n${PROXY}}\n`,
    },
    want: { 'static-alias-no-slash': 'error' },
  },
  { name: 'a static_url_path the nginx location does not cover', files: { ...flask(BIND, STATIC + PROXY), [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__, static_url_path='/assets')\n" }, want: { 'static-not-served': 'hint' }, not: ['static-dir-mismatch'] },
  {
    name: 'X-Forwarded-Proto from another container is not trusted by gunicorn',
    files: flask('--bind 0.0.0.0:8000 "pybo:create_app()"', STATIC + PROXY.replace('http://unix:/run/app/g.sock', 'http://web:8000')),
    want: { 'forwarded-proto-untrusted': 'warning' },
  },
  { name: 'X-Forwarded-Proto over loopback is trusted', files: flask('--bind 127.0.0.1:8000 "pybo:create_app()"', STATIC + PROXY.replace('http://unix:/run/app/g.sock', 'http://127.0.0.1:8000')), not: ['forwarded-proto-untrusted', 'proxy-target-not-bound'] },
  { name: 'X-Forwarded-Proto over a unix socket is always trusted', files: flask(BIND, STATIC + PROXY), not: ['forwarded-proto-untrusted'] },
  {
    name: 'forwarded_allow_ips="*" trusts everyone',
    files: flask('--bind 0.0.0.0:8000 --forwarded-allow-ips="*" "pybo:create_app()"', STATIC + PROXY.replace('http://unix:/run/app/g.sock', 'http://web:8000')),
    not: ['forwarded-proto-untrusted'],
  },
  // Django.
  { name: 'a working Django deployment', files: django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", DJ_STATIC + PROXY), not: ['static-dir-mismatch', 'static-not-served', 'host-not-forwarded', 'allowed-hosts-mismatch'] },
  { name: 'Django without a static location', files: django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", PROXY), want: { 'static-not-served': 'error' } },
  { name: 'Django without a static location, DEBUG from the environment', files: django("import os\nDEBUG = os.environ.get('DJANGO_DEBUG', '') == '1'\nALLOWED_HOSTS = ['example.com']\n", PROXY), want: { 'static-not-served': 'warning' } },
  { name: 'Django with WhiteNoise serves its own', files: django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\nMIDDLEWARE = ['whitenoise.middleware.WhiteNoiseMiddleware']\n", PROXY), not: ['static-not-served'] },
  { name: 'Django with DEBUG on, URLconf not in the workspace: a warning', files: django("DEBUG = True\nALLOWED_HOSTS = ['example.com']\n", PROXY), want: { 'static-not-served': 'warning' } },
  // Measured with Django 3.2's WSGI handler (what gunicorn runs): without a URL helper /static/ is 404 whatever DEBUG is.
  { name: 'Django with DEBUG on and a plain URLconf: still 404 under gunicorn', files: djangoUrls('DEBUG = True', URLS_PLAIN), want: { 'static-not-served': 'error' } },
  { name: 'Django with DEBUG off and a plain URLconf', files: djangoUrls('DEBUG = False', URLS_PLAIN), want: { 'static-not-served': 'error' } },
  { name: 'Django with DEBUG on and static(STATIC_URL) in urls.py: served through Python, a hint', files: djangoUrls('DEBUG = True', URLS_STATIC), want: { 'static-not-served': 'hint' } },
  { name: 'Django with DEBUG on and staticfiles_urlpatterns(): a hint', files: djangoUrls('DEBUG = True', URLS_SF), want: { 'static-not-served': 'hint' } },
  { name: 'Django with DEBUG off and static(STATIC_URL): the helper is a no-op', files: djangoUrls('DEBUG = False', URLS_STATIC), want: { 'static-not-served': 'error' } },
  { name: 'Django with DEBUG from the environment and static(STATIC_URL): a warning', files: djangoUrls("import os\nDEBUG = os.environ.get('DJANGO_DEBUG') == '1'", URLS_STATIC), want: { 'static-not-served': 'warning' } },
  { name: 'Django with DEBUG on and static(MEDIA_URL) only', files: djangoUrls('DEBUG = True', URLS_STATIC.replace('STATIC_URL', 'MEDIA_URL').replace('STATIC_ROOT', 'MEDIA_ROOT')), want: { 'static-not-served': 'error' } },
  {
    name: 'Django with DEBUG on and static() in an included URLconf: a hint',
    files: { ...djangoUrls('DEBUG = True', "from django.urls import include, path\nurlpatterns = [path('', include('mysite.more'))]\n"), [`/ws${APP}/mysite/more.py`]: URLS_STATIC },
    want: { 'static-not-served': 'hint' },
  },
  { name: 'Django with a serve view routed by hand', files: djangoUrls('DEBUG = False', "from django.urls import re_path\nfrom django.views.static import serve\nurlpatterns = [re_path(r'^static/(?P<path>.*)$', serve, {'document_root': '/srv/static'})]\n"), not: ['static-not-served'] },
  { name: 'no Host for Django: 400', files: django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", DJ_STATIC + PROXY.replace('        include proxy_params;\n', '')), want: { 'host-not-forwarded': 'error' } },
  { name: 'no Host, but ALLOWED_HOSTS allows localhost', files: django("DEBUG = False\nALLOWED_HOSTS = ['example.com', 'localhost']\n", DJ_STATIC + PROXY.replace('        include proxy_params;\n', '')), want: { 'host-not-forwarded': 'hint' } },
  {
    name: 'a location-level proxy_set_header drops the server-level Host',
    files: {
      ...django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", ''),
      '/ws/etc/nginx/sites-available/app': site(DJ_STATIC + '    location / {\n        proxy_set_header X-Real-IP $remote_addr;\n        proxy_pass http://unix:/run/app/g.sock;\n    }\n', '    proxy_set_header Host $host;\n'),
    },
    want: { 'host-not-forwarded': 'error' },
  },
  { name: 'server_name not in ALLOWED_HOSTS', files: django("DEBUG = False\nALLOWED_HOSTS = ['other.org']\n", DJ_STATIC + PROXY), want: { 'allowed-hosts-mismatch': 'error' }, not: ['host-not-forwarded'] },
  { name: 'ALLOWED_HOSTS from the environment: a warning', files: django("import os\nDEBUG = False\nALLOWED_HOSTS = os.environ.get('DJANGO_ALLOWED_HOSTS', 'other.org').split(',')\n", DJ_STATIC + PROXY), want: { 'allowed-hosts-mismatch': 'warning' } },
  { name: 'ALLOWED_HOSTS under a condition: a warning', files: django("import os\nDEBUG = False\nALLOWED_HOSTS = ['example.com']\nif os.environ.get('STAGING'):\n    ALLOWED_HOSTS = ['other.org']\n", DJ_STATIC + PROXY), want: { 'allowed-hosts-mismatch': 'warning' }, not: ['allowed-hosts-mismatch:error'] },
  { name: 'ALLOWED_HOSTS with an item from the environment: a warning', files: django("import os\nDEBUG = False\nALLOWED_HOSTS = ['other.org', os.environ.get('EXTRA_HOST', 'x.org')]\n", DJ_STATIC + PROXY), want: { 'allowed-hosts-mismatch': 'warning' } },
  { name: 'a subdomain pattern allows it', files: django("DEBUG = False\nALLOWED_HOSTS = ['.example.com']\n", DJ_STATIC + PROXY), not: ['allowed-hosts-mismatch'] },
  { name: 'SECURE_PROXY_SSL_HEADER with proxy_params is fine', files: django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n", DJ_STATIC + PROXY), not: ['forwarded-proto-missing'] },
  { name: "an app's static folder instead of STATIC_ROOT", files: { ...django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\nINSTALLED_APPS += ['polls']\n", DJ_STATIC.replace('staticfiles/', 'polls/static/') + PROXY), [`/ws${APP}/polls/__init__.py`]: '', [`/ws${APP}/polls/static/polls/app.css`]: 'h1 {}\n' }, want: { 'static-dir-mismatch': 'error' } },
  { name: 'socket unit with the default mode', files: { ...django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", DJ_STATIC + PROXY), '/ws/etc/systemd/system/app.socket': '[Socket]\nListenStream=/run/app/g.sock\n' }, not: ['socket-permission', 'proxy-target-not-bound'] },
  { name: 'socket unit 0660 root:root', files: { ...django("DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", DJ_STATIC + PROXY), '/ws/etc/systemd/system/app.socket': '[Socket]\nListenStream=/run/app/g.sock\nSocketMode=0660\n' }, want: { 'socket-permission': 'warning' } },
  { name: 'proxy_params in the official image', files: { ...flask(BIND, STATIC + PROXY), '/ws/Dockerfile.nginx': 'FROM nginx:1.25-alpine\n', '/ws/docker-compose.yml': 'services:\n  proxy:\n    image: nginx:stable\n' }, want: { 'proxy-params-not-in-image': 'warning' } },
  { name: 'proxy_params with a Debian-based image is fine', files: { ...flask(BIND, STATIC + PROXY), '/ws/Dockerfile': 'FROM debian:bookworm\nRUN apt-get install -y nginx\n' }, not: ['proxy-params-not-in-image'] },
  { name: 'Procfile: PORT from .env beside it', files: procfile(WEB, 'PORT=8000\n'), not: ['proxy-target-not-bound', 'static-dir-mismatch'] },
  { name: 'Procfile: quoted PORT and other lines in .env', files: procfile(WEB, '# local\nexport FLASK_ENV=production\nPORT="8000"\n'), not: ['proxy-target-not-bound'] },
  { name: 'Procfile: .env PORT is another port', files: procfile(WEB, 'PORT=5000\n'), want: { 'proxy-target-not-bound': 'error' } },
  { name: 'Procfile: the second process type gets PORT + 100', files: procfile(`release: flask db upgrade\n${WEB}`, 'PORT=8000\n'), want: { 'proxy-target-not-bound': 'error' } },
  { name: 'Procfile: PORT from the platform is unknown, a note only', files: procfile(WEB, undefined), want: { 'proxy-target-not-bound': 'information' } },
  { name: 'Procfile: $PORT with a host that does not accept loopback', files: procfile(WEB.replace('--workers', '--bind 10.0.0.5:$PORT --workers'), undefined), want: { 'proxy-target-not-bound': 'error' } },
  { name: 'Procfile: an explicit bind, static folder mapped by its tail', files: procfile(WEB.replace('--workers', '--bind 127.0.0.1:8000 --workers'), undefined), not: ['proxy-target-not-bound', 'static-dir-mismatch'] },
];

for (const row of rows) {
  test(`rules: ${row.name}`, () => {
    const host = new MemoryHost(row.files);
    const findings = checkPath(host, '/ws', defaultSettings).findings;
    const seen = findings.map((f) => `${f.code}:${f.severity}`);
    for (const [code, severity] of Object.entries(row.want ?? {})) assert.ok(seen.includes(`${code}:${severity}`), `${code} (${severity}) expected; got ${seen.join(', ') || 'nothing'}`);
    // `code` forbids the rule at any severity; `code:severity` only at that one.
    const hit = (f: (typeof findings)[number], c: string) => f.code === c || `${f.code}:${f.severity}` === c;
    for (const code of row.not ?? []) assert.ok(!findings.some((f) => hit(f, code)), `${code} not expected: ${findings.filter((f) => hit(f, code)).map((f) => f.message).join('; ')}`);
  });
}
