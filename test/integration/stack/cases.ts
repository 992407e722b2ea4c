// The variants deployed against the checker: each is a working base plus one small, named edit
// (or a few), so every case says exactly what changed. Mistakes that test/fixtures/workspaces
// already has in the same shape (umask, PrivateTmp, uwsgi_pass, nginx syntax, Host forwarding...)
// are deployed from there (fixtureWorkspaces.ts); the ones here add other shapes, working variants
// and the quick-fix checks. `stack` is what the real stack does with it
// (verified by the test, so a case that stops breaking is noticed); `at` is where the checker's
// error must be: the line that breaks it (by default the edited line). Ids follow
// /work/shared/fixtures/negative-cases.json where the case is one of those.

/** Replaces `find` (which must occur exactly once) by `replace` in the workspace file `file`. */
export interface Edit {
  file: string;
  find: string;
  replace: string;
}

/** A line of a workspace file, named by a piece of its text. */
export interface LineRef {
  file: string;
  line: string;
}

/** One deployment to compare. */
export interface StackCase {
  /** `<base>/<variant>`; the base alone for the working workspaces themselves. */
  id: string;
  base: string;
  /** What changed, in words. */
  what: string;
  edits: Edit[];
  /** What the real stack does: every request as the app intends, or not. */
  stack: 'working' | 'broken';
  /**
   * How the stack breaks (matched against what it did: answers, gunicorn's exit and log, nginx's
   * error.log), so a case cannot pass because the deployment failed for another reason. Not the
   * exit status of a failed boot: gunicorn 20.1 can end with 1 instead of 3 or 4 (a second worker's
   * SIGCHLD raising HaltServer again inside halt()), or not at all for a while.
   */
  symptom?: RegExp;
  /** Where an error must be (any of these lines); default: the lines the edits wrote. */
  at?: LineRef[];
  /** The issue rates the rule that catches this a warning (rules 6, 7, 11): a warning at `at` counts. */
  severity?: 'warning';
  /** Apply each quick fix the checker offers for the break: the checker must then be clean and the stack must serve. */
  fix?: boolean;
  /** What the app intends, when the variant moves it (default: the base's requests). */
  requests?: Requests;
  /** A machine capability the case needs. */
  needs?: 'ipv6' | 'unshare';
}

import type { Requests } from './deploy';

const PYBO_SITE = 'etc/nginx/sites-available/myproject';
const PYBO_UNIT = 'etc/systemd/system/myproject.service';
const PYBO_STATIC = '/home/ubuntu/projects/myproject/pybo/static';
const DF_SITE = 'etc/nginx/sites-available/myproject';
const DF_UNIT = 'etc/systemd/system/myproject.service';
const DJ_SITE = 'etc/nginx/sites-available/myproject';
const DJ_UNIT = 'etc/systemd/system/gunicorn.service';
const DJ_SOCKET = 'etc/systemd/system/gunicorn.socket';
const DJ_SETTINGS = 'home/sammy/myprojectdir/myproject/settings.py';
const GD_CONF = 'etc/nginx/nginx.conf';
const DK_SITE = 'nginx/default.conf';
const SV_CONF = 'home/ubuntu/projects/myproject/gunicorn.conf.py';
const SV_PROGRAM = 'etc/supervisor/conf.d/myproject.conf';
const SV_SITE = 'etc/nginx/sites-available/myproject';

const EX_SITE = 'deploy/nginx/sites-available/myproject';
const EX_UNIT = 'deploy/systemd/myproject.service';

const PYBO_INIT = 'home/ubuntu/projects/myproject/pybo/__init__.py';
const PYBO_ENV = 'home/ubuntu/venvs/myproject.env';

/** The pybo requests with the static files under `prefix` instead of /static. */
const pyboAt = (prefix: string): Requests => ({
  static: [{ url: `${prefix}/style.css`, file: '/home/ubuntu/projects/myproject/pybo/static/style.css' }],
  dynamic: [
    { url: '/hello', contains: 'Hello, Pybo!' },
    { url: '/', contains: `href="${prefix}/style.css"` },
  ],
  leaks: [{ url: `${prefix}../__init__.py`, file: '/home/ubuntu/projects/myproject/pybo/__init__.py' }],
});

const e = (file: string, find: string, replace: string): Edit => ({ file, find, replace });
const target = (t: string) => e(PYBO_UNIT, '"pybo:create_app()"', `"${t}"`);

/** Every case: the working bases first, then working variants, then broken ones. */
export const CASES: readonly StackCase[] = [
  ...['pybo', 'do-flask', 'do-django', 'gunicorn-docs', 'docker-tcp', 'procfile', 'supervisor', 'example'].map((base): StackCase => ({ id: base, base, what: 'the workspace as written', edits: [], stack: 'working' })),

  // ---- working variants: the checker must stay quiet (no error) on each
  { id: 'pybo/static-slash-both', base: 'pybo', what: 'location /static/ + alias .../static/ (the recommended form)', edits: [e(PYBO_SITE, 'location /static {', 'location /static/ {'), e(PYBO_SITE, `${PYBO_STATIC};`, `${PYBO_STATIC}/;`)], stack: 'working' },
  { id: 'pybo/root-parent', base: 'pybo', what: 'location /static { root .../pybo; } (root used as root)', edits: [e(PYBO_SITE, `alias ${PYBO_STATIC};`, 'root /home/ubuntu/projects/myproject/pybo;')], stack: 'working' },
  { id: 'pybo/no-proxy-params-flask', base: 'pybo', what: 'no include proxy_params: Flask answers for any Host', edits: [e(PYBO_SITE, '                include proxy_params;\n', '')], stack: 'working' },
  { id: 'pybo/proxy-uri-after-colon', base: 'pybo', what: 'proxy_pass http://unix:/tmp/myproject.sock:/ (URI after the colon)', edits: [e(PYBO_SITE, 'unix:/tmp/myproject.sock;', 'unix:/tmp/myproject.sock:/;')], stack: 'working' },
  { id: 'pybo/bind-unix-triple-slash', base: 'pybo', what: 'gunicorn --bind unix:///tmp/myproject.sock', edits: [e(PYBO_UNIT, 'unix:/tmp/myproject.sock', 'unix:///tmp/myproject.sock')], stack: 'working' },
  { id: 'do-flask/relative-bind-final-chdir', base: 'do-flask', what: 'WorkingDirectory=/home/sammy + --chdir /home/sammy/myproject: the relative socket lands in the --chdir', edits: [e(DF_UNIT, 'WorkingDirectory=/home/sammy/myproject', 'WorkingDirectory=/home/sammy'), e(DF_UNIT, '--workers 3', '--chdir /home/sammy/myproject --workers 3')], stack: 'working' },
  { id: 'do-django/default-application', base: 'do-django', what: 'target myproject.wsgi (":application" is the default)', edits: [e(DJ_UNIT, 'myproject.wsgi:application', 'myproject.wsgi')], stack: 'working' },
  { id: 'do-django/activation-wins', base: 'do-django', what: '--bind names another socket, but socket activation hands over ListenStream=/run/gunicorn.sock', edits: [e(DJ_UNIT, '--bind unix:/run/gunicorn.sock', '--bind unix:/run/other.sock')], stack: 'working' },
  { id: 'docker-tcp/localhost', base: 'docker-tcp', what: 'proxy_pass http://localhost:8000 to a gunicorn on 0.0.0.0:8000', edits: [e(DK_SITE, 'http://127.0.0.1:8000', 'http://localhost:8000')], stack: 'working' },
  { id: 'docker-tcp/bind-loopback', base: 'docker-tcp', what: 'gunicorn --bind 127.0.0.1:8000', edits: [e('Dockerfile', '"0.0.0.0:8000"', '"127.0.0.1:8000"')], stack: 'working' },
  { id: 'pybo/static-url-path', base: 'pybo', what: "Flask(static_url_path='/assets') and nginx's location moved to /assets", edits: [e(PYBO_INIT, 'Flask(__name__)', "Flask(__name__, static_url_path='/assets')"), e(PYBO_SITE, 'location /static {', 'location /assets {')], stack: 'working', requests: pyboAt('/assets') },
  { id: 'pybo/static-url-path-nginx-stale', base: 'pybo', what: "Flask(static_url_path='/assets') while nginx still aliases /static: Flask serves /assets itself through the proxy", edits: [e(PYBO_INIT, 'Flask(__name__)', "Flask(__name__, static_url_path='/assets')")], stack: 'working', requests: pyboAt('/assets') },
  { id: 'pybo/cmd-args-env-loses', base: 'pybo', what: 'GUNICORN_CMD_ARGS="--bind unix:/tmp/other.sock" in the EnvironmentFile: the command line --bind wins', edits: [e(PYBO_ENV, 'FLASK_APP=pybo\n', 'FLASK_APP=pybo\nGUNICORN_CMD_ARGS=--bind unix:/tmp/other.sock\n')], stack: 'working' },
  { id: 'do-django/alias-static-root', base: 'do-django', what: 'location /static/ + alias STATIC_ROOT/ instead of root BASE_DIR', edits: [e(DJ_SITE, 'root /home/sammy/myprojectdir;', 'alias /home/sammy/myprojectdir/static/;')], stack: 'working' },
  { id: 'supervisor/two-binds', base: 'supervisor', what: 'bind = a TCP port and the socket (a list): nginx uses the second', edits: [e(SV_CONF, 'bind = "unix:/tmp/myproject.sock"', 'bind = ["127.0.0.1:8000", "unix:/tmp/myproject.sock"]')], stack: 'working' },
  { id: 'supervisor/chdir-from-config', base: 'supervisor', what: 'no directory= in supervisor: gunicorn.conf.py chdir is enough', edits: [e(SV_PROGRAM, 'directory=/home/ubuntu/projects/myproject\n', '')], stack: 'working' },

  // ---- broken: sockets and ports
  { id: 'pybo/socket-mismatch', base: 'pybo', what: 'nginx proxies to /tmp/other.sock', edits: [e(PYBO_SITE, 'unix:/tmp/myproject.sock;', 'unix:/tmp/other.sock;')], stack: 'broken', fix: true, symptom: /-> 502[^]*other\.sock failed \(2: No such file/ },
  { id: 'pybo/socket-mismatch-bind', base: 'pybo', what: 'gunicorn binds /tmp/pybo.sock', edits: [e(PYBO_UNIT, 'unix:/tmp/myproject.sock', 'unix:/tmp/pybo.sock')], stack: 'broken', at: [{ file: PYBO_SITE, line: 'proxy_pass' }, { file: PYBO_UNIT, line: '--bind' }], fix: true, symptom: /-> 502[^]*myproject\.sock failed \(2: No such file/ },
  { id: 'do-flask/relative-bind-resolved-wrongly', base: 'do-flask', what: 'WorkingDirectory=/home/sammy + --chdir /home/sammy/myproject, nginx expects the socket in WorkingDirectory', edits: [e(DF_UNIT, 'WorkingDirectory=/home/sammy/myproject', 'WorkingDirectory=/home/sammy'), e(DF_UNIT, '--workers 3', '--chdir /home/sammy/myproject --workers 3'), e(DF_SITE, '/home/sammy/myproject/myproject.sock', '/home/sammy/myproject.sock')], stack: 'broken', at: [{ file: DF_SITE, line: 'proxy_pass' }, { file: DF_UNIT, line: 'ExecStart' }], fix: true, symptom: /-> 502[^]*sammy\/myproject\.sock failed \(2: No such file/ },
  { id: 'do-flask/umask-007-without-group', base: 'do-flask', what: 'Group=www-data removed: -m 007 leaves the socket to root:root 0770', edits: [e(DF_UNIT, 'Group=www-data\n', '')], stack: 'broken', severity: 'warning', at: [{ file: DF_UNIT, line: 'ExecStart' }, { file: DF_UNIT, line: 'User=' }], symptom: /-> 502[^]*\(13: Permission denied\)/ },
  { id: 'do-flask/no-workdir', base: 'do-flask', what: 'no WorkingDirectory: wsgi not importable, relative socket in /', edits: [e(DF_UNIT, 'WorkingDirectory=/home/sammy/myproject\n', '')], stack: 'broken', at: [{ file: DF_UNIT, line: 'ExecStart' }, { file: DF_SITE, line: 'proxy_pass' }], symptom: /No module named 'wsgi'/ },
  { id: 'do-django/activation-socket-mismatch', base: 'do-django', what: 'gunicorn.socket listens on /run/myproject.sock (nginx and --bind say /run/gunicorn.sock)', edits: [e(DJ_SOCKET, 'ListenStream=/run/gunicorn.sock', 'ListenStream=/run/myproject.sock')], stack: 'broken', at: [{ file: DJ_SITE, line: 'proxy_pass' }, { file: DJ_SOCKET, line: 'ListenStream' }], fix: true, symptom: /-> 502[^]*gunicorn\.sock failed \(2: No such file/ },
  { id: 'gunicorn-docs/upstream-tmp-socket', base: 'gunicorn-docs', what: "the docs' upstream server unix:/tmp/gunicorn.sock against ListenStream=/run/gunicorn.sock", edits: [e(GD_CONF, 'server unix:/run/gunicorn.sock', 'server unix:/tmp/gunicorn.sock')], stack: 'broken', fix: true, symptom: /-> 502[^]*\/tmp\/gunicorn\.sock failed \(2: No such file/ },
  { id: 'docker-tcp/port-mismatch', base: 'docker-tcp', what: 'nginx proxies to 127.0.0.1:5000, gunicorn binds 0.0.0.0:8000', edits: [e(DK_SITE, 'http://127.0.0.1:8000', 'http://127.0.0.1:5000')], stack: 'broken', fix: true, symptom: /-> 502[^]*\(111: Connection refused\)/ },
  { id: 'docker-tcp/bind-ipv6-loopback', base: 'docker-tcp', what: 'gunicorn --bind [::1]:8000, nginx proxies to 127.0.0.1:8000', edits: [e('Dockerfile', '"0.0.0.0:8000"', '"[::1]:8000"')], stack: 'broken', at: [{ file: DK_SITE, line: 'proxy_pass' }, { file: 'Dockerfile', line: 'CMD' }], needs: 'ipv6', symptom: /-> 502[^]*\(111: Connection refused\)/ },
  { id: 'procfile/port-mismatch', base: 'procfile', what: 'the web line binds 127.0.0.1:5000, the upstream says 8000', edits: [e('Procfile', '--workers 2', '--bind 127.0.0.1:5000 --workers 2')], stack: 'broken', at: [{ file: 'deploy/myproject.nginx', line: 'server 127.0.0.1:8000' }, { file: 'deploy/myproject.nginx', line: 'proxy_pass' }, { file: 'Procfile', line: 'web:' }], fix: true, symptom: /-> 502[^]*\(111: Connection refused\)/ },
  { id: 'supervisor/bind-typo', base: 'supervisor', what: 'gunicorn.conf.py `bnd =` (silently ignored: gunicorn binds 127.0.0.1:8000)', edits: [e(SV_CONF, 'bind = ', 'bnd = ')], stack: 'broken', at: [{ file: SV_SITE, line: 'proxy_pass' }, { file: SV_CONF, line: 'bnd =' }], symptom: /-> 502[^]*myproject\.sock failed \(2: No such file/ },
  { id: 'supervisor/cmd-args-env-wins', base: 'supervisor', what: 'GUNICORN_CMD_ARGS="--bind unix:/tmp/other.sock" in the program environment: it beats bind = in the config file', edits: [e(SV_PROGRAM, 'environment=FLASK_ENV="production",', 'environment=GUNICORN_CMD_ARGS="--bind unix:/tmp/other.sock",FLASK_ENV="production",')], stack: 'broken', at: [{ file: SV_SITE, line: 'proxy_pass' }, { file: SV_PROGRAM, line: 'GUNICORN_CMD_ARGS' }, { file: SV_CONF, line: 'bind =' }], symptom: /-> 502[^]*myproject\.sock failed \(2: No such file/ },
  { id: 'supervisor/umask-without-user', base: 'supervisor', what: 'user/group = "www-data" removed: umask 0o007 leaves the socket to root:root 0770', edits: [e(SV_CONF, 'user = "www-data"\ngroup = "www-data"\n', '')], stack: 'broken', severity: 'warning', at: [{ file: SV_CONF, line: 'umask' }], symptom: /-> 502[^]*\(13: Permission denied\)/ },

  // ---- broken: proxy_pass forms
  { id: 'pybo/proxy-pass-unix-trailing-slash', base: 'pybo', what: 'proxy_pass http://unix:/tmp/myproject.sock/ (slash where the colon must be)', edits: [e(PYBO_SITE, 'unix:/tmp/myproject.sock;', 'unix:/tmp/myproject.sock/;')], stack: 'broken', fix: true, symptom: /-> 502[^]*\(20: Not a directory\)/ },
  { id: 'pybo/proxy-pass-no-scheme', base: 'pybo', what: 'proxy_pass unix:/tmp/myproject.sock (nginx -t: invalid URL prefix)', edits: [e(PYBO_SITE, 'proxy_pass http://unix:', 'proxy_pass unix:')], stack: 'broken', fix: true, symptom: /nginx did not start[^]*invalid URL prefix/ },
  { id: 'pybo/proxy-pass-unix-no-colon', base: 'pybo', what: 'proxy_pass http://unix/tmp/myproject.sock (nginx: host not found in upstream "unix")', edits: [e(PYBO_SITE, 'http://unix:/tmp', 'http://unix/tmp')], stack: 'broken', fix: true, symptom: /nginx did not start[^]*host not found in upstream "unix"/ },
  { id: 'docker-tcp/proxy-pass-single-slash', base: 'docker-tcp', what: 'proxy_pass http:/127.0.0.1:8000 (nginx -t: invalid URL prefix)', edits: [e(DK_SITE, 'http://127.0.0.1:8000', 'http:/127.0.0.1:8000')], stack: 'broken', symptom: /nginx did not start[^]*invalid URL prefix/ },
  { id: 'gunicorn-docs/upstream-typo', base: 'gunicorn-docs', what: 'proxy_pass http://app_servr (no such upstream)', edits: [e(GD_CONF, 'proxy_pass http://app_server;', 'proxy_pass http://app_servr;')], stack: 'broken', fix: true, symptom: /nginx did not start[^]*host not found in upstream "app_servr"/ },

  // ---- broken: static files
  { id: 'pybo/location-slash-alias-noslash', base: 'pybo', what: 'location /static/ + alias .../static (no slash: staticstyle.css)', edits: [e(PYBO_SITE, 'location /static {', 'location /static/ {')], stack: 'broken', at: [{ file: PYBO_SITE, line: 'alias' }, { file: PYBO_SITE, line: 'location /static/' }], fix: true, symptom: /\/static\/style\.css -> 404[^]*staticstyle\.css" failed/ },
  { id: 'pybo/off-by-slash', base: 'pybo', what: 'location /static + alias .../static/ (/static../ reads the package source)', edits: [e(PYBO_SITE, `${PYBO_STATIC};`, `${PYBO_STATIC}/;`)], stack: 'broken', at: [{ file: PYBO_SITE, line: 'location /static' }, { file: PYBO_SITE, line: 'alias' }], fix: true, symptom: /SOURCE LEAK/ },
  { id: 'pybo/root-as-alias', base: 'pybo', what: 'root .../pybo/static (serves .../static/static/style.css)', edits: [e(PYBO_SITE, `alias ${PYBO_STATIC};`, `root ${PYBO_STATIC};`)], stack: 'broken', fix: true, symptom: /\/static\/style\.css -> 404[^]*static\/static\/style\.css" failed/ },
  { id: 'pybo/wrong-static-dir', base: 'pybo', what: 'alias /home/ubuntu/projects/myproject/static (not the package static folder)', edits: [e(PYBO_SITE, `alias ${PYBO_STATIC};`, 'alias /home/ubuntu/projects/myproject/static;')], stack: 'broken', fix: true, symptom: /\/static\/style\.css -> 404[^]*myproject\/static\/style\.css" failed/ },
  { id: 'pybo/regex-shadows-static', base: 'pybo', what: 'location ~* \\.(css|js)$ { expires 30d; } takes /static/style.css', edits: [e(PYBO_SITE, '        location / {', '        location ~* \\.(css|js)$ {\n                expires 30d;\n        }\n\n        location / {')], stack: 'broken', severity: 'warning', at: [{ file: PYBO_SITE, line: 'location ~*' }, { file: PYBO_SITE, line: 'location /static' }], fix: true, symptom: /\/static\/style\.css -> 404[^]*html\/static\/style\.css" failed/ },
  { id: 'do-django/root-vs-static-root', base: 'do-django', what: "STATIC_ROOT = BASE_DIR/'staticfiles/' while nginx roots /static/ at BASE_DIR", edits: [e(DJ_SETTINGS, "os.path.join(BASE_DIR, 'static/')", "os.path.join(BASE_DIR, 'staticfiles/')")], stack: 'broken', at: [{ file: DJ_SITE, line: 'root /home/sammy/myprojectdir' }, { file: DJ_SETTINGS, line: 'STATIC_ROOT' }], fix: true, symptom: /\/static\/admin\/css\/base\.css -> 404/ },
  { id: 'do-django/alias-app-static', base: 'do-django', what: "alias polls/static/ (an app's static dir, not STATIC_ROOT)", edits: [e(DJ_SITE, 'root /home/sammy/myprojectdir;', 'alias /home/sammy/myprojectdir/polls/static/;')], stack: 'broken', fix: true, symptom: /\/static\/admin\/css\/base\.css -> 404/ },
  { id: 'do-django/alias-staticfiles-dirs', base: 'do-django', what: 'alias assets/ (a STATICFILES_DIRS entry, not STATIC_ROOT)', edits: [e(DJ_SITE, 'root /home/sammy/myprojectdir;', 'alias /home/sammy/myprojectdir/assets/;')], stack: 'broken', fix: true, symptom: /\/static\/admin\/css\/base\.css -> 404/ },

  { id: 'do-django/no-static-location-debug', base: 'do-django', what: 'no location /static/ with DEBUG = True: under gunicorn Django still serves no static files (only runserver does)', edits: [e(DJ_SITE, '    location /static/ {\n        root /home/sammy/myprojectdir;\n    }\n', ''), e(DJ_SETTINGS, 'DEBUG = False', 'DEBUG = True')], stack: 'broken', severity: 'warning', at: [{ file: DJ_SITE, line: 'location / {' }, { file: DJ_SITE, line: 'server_name' }, { file: DJ_SETTINGS, line: 'DEBUG' }, { file: DJ_SETTINGS, line: 'STATIC_ROOT' }, { file: DJ_SETTINGS, line: 'STATIC_URL' }], symptom: /\/static\/admin\/css\/base\.css -> 404/ },
  { id: 'do-django/allowed-hosts-other-name', base: 'do-django', what: "ALLOWED_HOSTS names another site than server_name: proxy_params forwards Host: example.com, Django answers 400", edits: [e(DJ_SETTINGS, "ALLOWED_HOSTS = ['example.com', 'www.example.com']", "ALLOWED_HOSTS = ['example.org']")], stack: 'broken', at: [{ file: DJ_SETTINGS, line: 'ALLOWED_HOSTS' }, { file: DJ_SITE, line: 'server_name' }], symptom: /\/hello\/ -> 400/ },

  // ---- broken: the three breaks examples/pybo/README.md suggests trying
  { id: 'example/socket-path', base: 'example', what: 'the unit binds another socket path', edits: [e(EX_UNIT, 'unix:/run/myproject/gunicorn.sock', 'unix:/run/myproject/pybo.sock')], stack: 'broken', at: [{ file: EX_SITE, line: 'proxy_pass' }, { file: EX_UNIT, line: '--bind' }], fix: true, symptom: /-> 502[^]*gunicorn\.sock failed \(2: No such file/ },
  { id: 'example/alias-no-slash', base: 'example', what: 'the trailing slash of the alias dropped', edits: [e(EX_SITE, 'pybo/static/;', 'pybo/static;')], stack: 'broken', fix: true, symptom: /\/static\/style\.css -> 404[^]*staticstyle\.css" failed/ },
  { id: 'example/factory-not-called', base: 'example', what: 'the () after create_app removed', edits: [e(EX_UNIT, '"pybo:create_app()"', '"pybo:create_app"')], stack: 'broken', fix: true, symptom: /\/hello -> 500[^]*takes 0 positional arguments but 2 were given/ },

  // ---- broken: WSGI target and working directory
  { id: 'pybo/wrong-attr', base: 'pybo', what: 'target pybo:create (no such attribute: exit 4)', edits: [target('pybo:create')], stack: 'broken', fix: true, symptom: /Failed to find attribute 'create' in 'pybo'/ },
  { id: 'pybo/factory-not-called', base: 'pybo', what: 'target pybo:create_app (a factory used as the app: 500 on every request)', edits: [target('pybo:create_app')], stack: 'broken', fix: true, symptom: /\/hello -> 500[^]*takes 0 positional arguments but 2 were given/ },
  { id: 'pybo/factory-wrong-args', base: 'pybo', what: 'target pybo:create_app(1) (takes 0 arguments: exit 4)', edits: [target('pybo:create_app(1)')], stack: 'broken', fix: true, symptom: /takes 0 positional arguments but 1 was given/ },
  { id: 'pybo/bad-target-syntax', base: 'pybo', what: 'target pybo:create_app( (cannot be parsed: exit 4)', edits: [target('pybo:create_app(')], stack: 'broken', fix: true, symptom: /Failed to parse 'create_app\(' as an attribute name or function call/ },
  { id: 'pybo/default-application', base: 'pybo', what: "target pybo (looks for 'application': exit 4)", edits: [target('pybo')], stack: 'broken', fix: true, symptom: /Failed to find attribute 'application' in 'pybo'/ },
  { id: 'pybo/no-chdir', base: 'pybo', what: 'no WorkingDirectory (cwd /: no module pybo, exit 3)', edits: [e(PYBO_UNIT, 'WorkingDirectory=/home/ubuntu/projects/myproject\n', '')], stack: 'broken', at: [{ file: PYBO_UNIT, line: 'ExecStart' }, { file: PYBO_UNIT, line: 'pybo:create_app()' }, { file: PYBO_UNIT, line: '[Service]' }], fix: true, symptom: /No module named 'pybo'/ },
  { id: 'do-django/missing-module', base: 'do-django', what: 'target myproject.wsgl:application (typo: exit 3)', edits: [e(DJ_UNIT, 'myproject.wsgi:application', 'myproject.wsgl:application')], stack: 'broken', symptom: /No module named 'myproject\.wsgl'/ },
];
