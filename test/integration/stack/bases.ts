// The working deployment workspaces (test/fixtures/stack/<name>), one per tutorial shape, and how
// each is deployed: where its folders go on the server, which files are the nginx config and the
// launcher, and what its app must answer (its static files byte for byte, its pages, and no
// source file through a `/static../` traversal).
import { join } from 'node:path';
import type { StackSpec } from './deploy';

/** A working workspace and its deployment. */
export interface Base {
  name: string;
  /** Where the workspace is (default: test/fixtures/stack/<name>). */
  dir?: string;
  /** The tutorial or document it follows. */
  shape: string;
  spec: StackSpec;
}

const PYBO = '/home/ubuntu/projects/myproject';

/** Requests of the pybo app (Flask factory, blueprint at /, static/style.css) deployed at `dir`. */
function pyboRequests(dir: string, heading = '<h1>pybo</h1>'): StackSpec['requests'] {
  return {
    static: [{ url: '/static/style.css', file: `${dir}/pybo/static/style.css` }],
    dynamic: [
      { url: '/hello', contains: 'Hello, Pybo!' },
      { url: '/', contains: heading },
    ],
    leaks: [
      { url: '/static../__init__.py', file: `${dir}/pybo/__init__.py` },
      { url: '/static../views/main_views.py', file: `${dir}/pybo/views/main_views.py` },
    ],
  };
}

/** Every working workspace. */
export const BASES: readonly Base[] = [
  {
    name: 'pybo',
    shape: 'pybo / wikidocs "Jump to Flask": systemd unit, unix socket in /tmp, location /static + alias without slashes',
    spec: {
      mounts: [{ from: '.', to: '/' }],
      nginx: { site: 'etc/nginx/sites-available/myproject' },
      launcher: { kind: 'systemd', service: 'etc/systemd/system/myproject.service' },
      host: '13.124.0.72',
      requests: pyboRequests(PYBO),
    },
  },
  {
    name: 'do-flask',
    shape: 'DigitalOcean Flask: relative bind unix:myproject.sock + WorkingDirectory, -m 007 + Group=www-data, Flask serves /static',
    spec: {
      mounts: [{ from: '.', to: '/' }],
      nginx: { site: 'etc/nginx/sites-available/myproject' },
      launcher: { kind: 'systemd', service: 'etc/systemd/system/myproject.service' },
      host: 'your_domain',
      requests: {
        static: [{ url: '/static/style.css', file: '/home/sammy/myproject/static/style.css' }],
        dynamic: [{ url: '/', contains: 'Hello There!' }],
        leaks: [{ url: '/static../myproject.py', file: '/home/sammy/myproject/myproject.py' }],
      },
    },
  },
  {
    name: 'do-django',
    shape: 'DigitalOcean Django: gunicorn.socket + gunicorn.service (socket activation), location /static/ + root BASE_DIR, collectstatic',
    spec: {
      mounts: [{ from: '.', to: '/' }],
      nginx: { site: 'etc/nginx/sites-available/myproject' },
      launcher: { kind: 'systemd', service: 'etc/systemd/system/gunicorn.service', socket: 'etc/systemd/system/gunicorn.socket' },
      prepare: [{ cwd: '/home/sammy/myprojectdir', argv: ['/usr/bin/python3', 'manage.py', 'collectstatic', '--noinput'] }],
      host: 'example.com',
      requests: {
        static: [
          { url: '/static/admin/css/base.css', file: 'system:/usr/lib/python3/dist-packages/django/contrib/admin/static/admin/css/base.css' },
          { url: '/static/polls/app.css', file: '/home/sammy/myprojectdir/polls/static/polls/app.css' },
          { url: '/static/site.css', file: '/home/sammy/myprojectdir/assets/site.css' },
        ],
        dynamic: [{ url: '/hello/', contains: 'Hello, Django!' }],
        leaks: [{ url: '/static../manage.py', file: '/home/sammy/myprojectdir/manage.py' }],
      },
    },
  },
  {
    name: 'gunicorn-docs',
    shape: "gunicorn's deploy docs: whole nginx.conf, upstream app_server (fail_timeout=0), root + try_files @proxy_to_app, socket activation with SocketMode=0660",
    spec: {
      mounts: [{ from: '.', to: '/' }],
      nginx: { main: 'etc/nginx/nginx.conf' },
      launcher: { kind: 'systemd', service: 'etc/systemd/system/gunicorn.service', socket: 'etc/systemd/system/gunicorn.socket' },
      host: 'example.com',
      requests: {
        static: [
          { url: '/css/site.css', file: '/home/someuser/applicationroot/public/css/site.css' },
          { url: '/robots.txt', file: '/home/someuser/applicationroot/public/robots.txt' },
        ],
        dynamic: [
          { url: '/hello', contains: 'Hello, gunicorn docs!' },
          { url: '/', contains: 'Hello from applicationname.' },
        ],
        leaks: [{ url: '/../applicationname/wsgi.py', file: '/home/someuser/applicationroot/applicationname/wsgi.py' }],
      },
    },
  },
  {
    name: 'docker-tcp',
    shape: 'Docker-style: WORKDIR /app, CMD gunicorn --bind 0.0.0.0:8000, nginx proxy_pass http://127.0.0.1:8000, location /static/ + alias /app/pybo/static/',
    spec: {
      mounts: [{ from: '.', to: '/app' }],
      nginx: { site: 'nginx/default.conf' },
      launcher: { kind: 'docker', file: 'Dockerfile' },
      appPorts: [8000, 5000],
      host: 'example.com',
      requests: pyboRequests('/app'),
    },
  },
  {
    name: 'procfile',
    shape: 'Procfile web line (PORT from .env, as honcho/foreman load it), upstream block with a TCP server, location ^~ /static/ + root',
    spec: {
      mounts: [{ from: '.', to: '/srv/myproject' }],
      nginx: { site: 'deploy/myproject.nginx' },
      launcher: { kind: 'procfile', file: 'Procfile' },
      appPorts: [8000, 5000],
      host: 'example.com',
      requests: pyboRequests('/srv/myproject'),
    },
  },
  {
    name: 'example',
    dir: join(__dirname, '..', '..', '..', 'examples', 'pybo'),
    shape: "the repository's example (examples/pybo): repository layout, the env file kept in deploy/, RuntimeDirectory socket, Group=www-data, location /static/ + alias .../static/",
    spec: {
      mounts: [
        { from: '.', to: PYBO },
        { from: 'deploy/myproject.env', to: '/home/ubuntu/venvs/myproject.env' },
      ],
      nginx: { site: 'deploy/nginx/sites-available/myproject' },
      launcher: { kind: 'systemd', service: 'deploy/systemd/myproject.service' },
      host: 'pybo.example.com',
      requests: pyboRequests(PYBO, '<h1>Pybo</h1>'),
    },
  },
  {
    name: 'supervisor',
    shape: 'supervisor program running gunicorn -c gunicorn.conf.py (wsgi_app, bind, chdir, umask 0o007, workers as www-data), proxy_pass http://unix:...sock:/',
    spec: {
      mounts: [{ from: '.', to: '/' }],
      nginx: { site: 'etc/nginx/sites-available/myproject' },
      launcher: { kind: 'supervisor', file: 'etc/supervisor/conf.d/myproject.conf' },
      appPorts: [8000],
      host: 'pybo.example.com',
      requests: pyboRequests(PYBO),
    },
  },
];
