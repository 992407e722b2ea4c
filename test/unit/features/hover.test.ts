import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { workspace } from './helpers';
import { hover } from '../../../server/src/features/service';
import { loadPython } from '../../helpers/python';

before(loadPython);

interface Case {
  name: string;
  files: Record<string, string>;
  /** Regexes the markdown must match; an empty list means "no hover". */
  matches: RegExp[];
  /** The hovered text (the range the hover covers). */
  over?: string;
}

const SITE = 'sites-available/app';
const UNIT = '[Service]\nUser=www-data\nWorkingDirectory=/srv/app\nExecStart=/srv/venv/bin/gunicorn --workers 3 --bind unix:/run/app.sock app:app\n';

const cases: Case[] = [
  {
    name: 'a directive: syntax, default, contexts, module, link',
    files: { [SITE]: 'server {\n    client_max_b|ody_size 10m;\n}\n' },
    matches: [/client_max_body_size size;/, /\*\*Default:\*\* `client_max_body_size 1m;`/, /`http`, `server`, `location`/, /ngx_http_core_module/, /nginx\.org\/en\/docs\/http\/ngx_http_core_module\.html#client_max_body_size/],
    over: 'client_max_body_size',
  },
  {
    name: 'listen: the entry of the http module in an http server',
    files: { [SITE]: 'server { lis|ten 80; }\n' },
    matches: [/default_server/, /ngx_http_core_module/],
  },
  { name: 'an unknown directive has no hover', files: { [SITE]: 'server { allias| /x; }\n' }, matches: [] },
  { name: 'a built-in variable', files: { [SITE]: 'server { location / { proxy_set_header Host $ho|st; } }\n' }, matches: [/`\$host`/, /host name from the request line/, /ngx_http_core_module/], over: '$host' },
  { name: 'a variable family ($http_NAME)', files: { [SITE]: 'server { location / { return 200 $http_user_ag|ent; } }\n' }, matches: [/`\$http_user_agent` \(one of the `\$http_NAME` variables\)/] },
  { name: 'a variable the configuration defines', files: { [SITE]: 'server {\n  set $backend 1;\n  location / { return 200 $back|end; }\n}\n' }, matches: [/defined by the configuration/, /`set` in app, line 2/] },
  { name: 'a regex capture', files: { [SITE]: 'server { location ~ ^/(.*)$ { return 200 $|1; } }\n' }, matches: [/capture 1/] },
  { name: 'an undefined variable', files: { [SITE]: 'server { location / { return 200 $nope|x; } }\n' }, matches: [/unknown variable/] },
  {
    name: 'an upstream name: its servers',
    files: { [SITE]: 'upstream backend {\n  server 127.0.0.1:8000;\n  server 127.0.0.1:8001 backup;\n}\nserver { location / { proxy_pass http://back|end; } }\n' },
    matches: [/\*\*upstream backend\*\*/, /`server 127\.0\.0\.1:8000`/, /`server 127\.0\.0\.1:8001 backup`/],
    over: 'backend',
  },
  {
    name: 'a unix socket nginx proxies to: who binds it, who proxies to it',
    files: { [SITE]: 'server { location / { proxy_pass http://unix:/run/app.s|ock; } }\n', 'deploy/app.service': UNIT },
    matches: [/\*\*unix:\/run\/app\.sock\*\*/, /gunicorn binds `unix:\/run\/app\.sock` \(systemd service app\.service, line 4\)/, /nginx `proxy_pass` in app, line 1/],
    over: '/run/app.sock',
  },
  {
    name: 'a socket nobody binds',
    files: { [SITE]: 'server { location / { proxy_pass http://unix:/run/gone.s|ock:/; } }\n', 'deploy/app.service': UNIT },
    matches: [/no gunicorn in the workspace binds this socket/],
    over: '/run/gone.sock',
  },
  {
    name: 'a port gunicorn binds on all interfaces',
    files: { [SITE]: 'server { location / { proxy_pass http://127.0.0.1:80|00; } }\n', Procfile: 'web: gunicorn --bind 0.0.0.0:8000 app:app\n' },
    matches: [/gunicorn binds `0\.0\.0\.0:8000` \(Procfile Procfile, line 1\)/],
    over: '127.0.0.1:8000',
  },
  {
    name: 'a gunicorn option on a unit command line: the setting and its effective value',
    files: { 'deploy/app.service': UNIT.replace('--workers', '--work|ers') },
    matches: [/\*\*workers\*\* \(gunicorn setting, Worker Processes\)/, /Number of worker processes/, /`-w INT`, `--workers INT`/, /app\.service: `3` \(from the command line, app\.service line 4\)/],
    over: '--workers',
  },
  {
    name: 'a bind on the gunicorn side: who proxies to it',
    files: { [SITE]: 'server { location / { proxy_pass http://unix:/run/app.sock; } }\n', 'deploy/app.service': UNIT.replace('unix:/run/app.sock', 'unix:/run/ap|p.sock') },
    matches: [/gunicorn binds `unix:\/run\/app\.sock`/, /nginx `proxy_pass` in app, line 1/],
  },
  {
    name: 'a setting in gunicorn.conf.py, with the value that wins',
    files: { 'gunicorn.conf.py': 'time|out = 120\nbind = "unix:/run/c.sock"\n', Procfile: 'web: gunicorn --timeout 60 app:app\n' },
    matches: [/\*\*timeout\*\*/, /\*\*Default:\*\* `30`/, /`60` \(from the command line, Procfile line 1\)/],
    over: 'timeout',
  },
  {
    name: 'include: the files it pulls in, Debian stock files named',
    files: { 'nginx/nginx.conf': 'http {\n  include conf.d/*.co|nf;\n  include proxy_params;\n}\n', 'nginx/conf.d/a.conf': '', 'nginx/conf.d/b.conf': '' },
    matches: [/\*\*include\*\* pulls in 2 files/, /- `nginx\/conf\.d\/a\.conf`\n- `nginx\/conf\.d\/b\.conf`/],
    over: 'conf.d/*.conf',
  },
  { name: 'include of a Debian stock file', files: { 'nginx/nginx.conf': 'http {\n  include proxy_par|ams;\n}\n' }, matches: [/`\/etc\/nginx\/proxy_params` \(Debian's stock file\)/] },
  { name: 'an include that matches nothing', files: { 'nginx/nginx.conf': 'http {\n  include nothing/*.co|nf;\n}\n' }, matches: [/matches no file/] },
  { name: 'an unknown name in gunicorn.conf.py has no hover', files: { 'gunicorn.conf.py': 'bnd| = "x"\n' }, matches: [] },
];

for (const c of cases) {
  test(`hover: ${c.name}`, () => {
    const w = workspace(c.files);
    const h = hover(w.ctx, w.path, w.offset);
    if (c.matches.length === 0) {
      assert.equal(h, undefined);
      return;
    }
    assert.ok(h, 'no hover');
    for (const m of c.matches) assert.match(h.markdown, m);
    if (c.over) assert.equal(w.host.readFile(w.path)!.slice(h.start, h.end), c.over);
  });
}
