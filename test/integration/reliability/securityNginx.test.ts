/**
 * The security rules against the real nginx (Debian's 1.22.1): one configuration holds, for each
 * rule, a bad block and its fixed twin. The test (1) checks the configuration with DeployLens: every
 * line marked `# !<rule>` gets that finding and no unmarked line does; (2) starts nginx on it
 * (loopback, random high port, temp dir) and sends the attack: it works on the bad block and fails
 * on the fixed one. So each rule's claim ("this is exploitable", "that is safe") is checked, not
 * assumed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { LineIndex } from '../../../server/src/common/text';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { checkPath } from '../../../server/src/project/check';
import { defaultSettings } from '../../../shared/src/settings';
import { randomPort, startNginx, type RunningNginx } from '../routing/nginxRunner';

const RULES = ['http-splitting', 'static-alias-traversal', 'if-is-evil', 'add-header-dropped', 'host-spoofing', 'ssrf', 'server-tokens', 'header-multiline', 'regex-location-unanchored'];

function config(dir: string, p: number, b: number, i: number): string {
  return `
  server { listen 127.0.0.1:${b}; location / { return 200 "backend host=$http_host xuri=$http_x_original_uri\\n"; } }
  server { listen 127.0.0.1:${i}; location / { return 200 "internal-secret\\n"; } }
  server { listen 127.0.0.1:${p} default_server; return 444; }
  server {
    listen 127.0.0.1:${p};
    server_name split.test;
    server_tokens off;
    location /u/ {
      return 301 https://$host$uri$is_args$args; # !http-splitting
    }
    location /fixed/ {
      return 301 https://$host$request_uri;
    }
    location ~ ^/d/([^/]*)$ {
      return 302 https://example.com/$1; # !http-splitting
    }
    location ~ ^/c/(.*)$ {
      return 302 https://example.com/$1; # !http-splitting
    }
    location ~ ^/n/([a-z0-9]*)$ {
      return 302 https://example.com/$1;
    }
    location /r/ {
      rewrite ^/r/([^/]*)$ https://example.com/$1 redirect;
    }
    location /p/ {
      set $orig $document_uri;
      proxy_set_header X-Original-Uri $orig; # !http-splitting
      proxy_pass http://127.0.0.1:${b};
    }
    location /pfixed/ {
      proxy_set_header X-Original-Uri $request_uri;
      proxy_pass http://127.0.0.1:${b};
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name alias.test;
    server_tokens off;
    location ~ ^/static(.*)$ { # !static-alias-traversal
      alias ${dir}/app/static/$1;
    }
    location ~ ^/assets/(.*)$ {
      alias ${dir}/app/static/$1;
    }
    location /media { # !static-alias-traversal
      alias ${dir}/app/static/;
    }
    location /files/ {
      alias ${dir}/app/static/;
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name if.test;
    server_tokens off;
    root ${dir}/www;
    # A single-page app: every path under /app/ is index.html.
    location /app/ {
      try_files /index.html =404;
      if ($http_x_debug) { # !if-is-evil
        set $debug 1;
      }
    }
    location /ok/ {
      try_files /index.html =404;
      if ($http_x_debug) {
        return 418;
      }
    }
    location /two {
      if ($arg_a) { # !if-is-evil
        add_header X-A 1;
      }
      if ($arg_b) {
        add_header X-B 1;
      }
      return 200 "two\\n";
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name headers.test;
    server_tokens off;
    add_header X-Frame-Options DENY;
    location /static/ {
      add_header Cache-Control public; # !add-header-dropped
      return 200 "s\\n";
    }
    location /fixed/ {
      add_header X-Frame-Options DENY;
      add_header Cache-Control public;
      return 200 "f\\n";
    }
    location /csp {
      # !next header-multiline
      add_header Content-Security-Policy "default-src 'self';
          img-src 'self'";
      add_header X-Frame-Options DENY;
      return 200 "c\\n";
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name host.test;
    server_tokens off;
    location / {
      proxy_set_header Host $http_x_forwarded_host; # !host-spoofing
      proxy_pass http://127.0.0.1:${b};
    }
    location /fixed/ {
      proxy_set_header Host $host;
      proxy_pass http://127.0.0.1:${b};
    }
    location /raw/ {
      proxy_set_header Host $http_host;
      proxy_pass http://127.0.0.1:${b};
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name ssrf.test;
    server_tokens off;
    location /fetch {
      proxy_pass http://$arg_u; # !ssrf
    }
    location ~ ^/fixed/(\\d+)$ {
      proxy_pass http://127.0.0.1:${b}/$1;
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name tokens.test;
    server_tokens on; # !server-tokens
    location / {
      return 404;
    }
    location /off {
      server_tokens off;
      return 404;
    }
  }
  server {
    listen 127.0.0.1:${p};
    server_name regex.test;
    server_tokens off;
    location /api/ {
      return 200 "api\\n";
    }
    location ~ /static/ { # !regex-location-unanchored
      return 200 "static\\n";
    }
    location ~ ^/assets/ {
      return 200 "assets\\n";
    }
  }
`;
}

let nginx: RunningNginx;
let port = 0;
let backendPort = 0;
let internalPort = 0;

before(async () => {
  for (let attempt = 0; ; attempt++) {
    port = randomPort();
    backendPort = randomPort();
    internalPort = randomPort();
    if (new Set([port, backendPort, internalPort]).size < 3) continue;
    try {
      nginx = await startNginx((dir) => config(dir, port, backendPort, internalPort), { host: '127.0.0.1', port }, {
        prepare: (dir) => {
          mkdirSync(join(dir, 'app/static'), { recursive: true });
          writeFileSync(join(dir, 'app/static/a.txt'), 'static file\n');
          writeFileSync(join(dir, 'app/settings.py'), 'SECRET_KEY = "s3cr3t"\n');
          mkdirSync(join(dir, 'www'));
          writeFileSync(join(dir, 'www/index.html'), 'index\n');
        },
      });
      return;
    } catch (e) {
      if (attempt >= 5 || !/Address already in use|did not accept/.test(String(e))) throw e;
    }
  }
});

after(async () => {
  await nginx?.stop();
});

/** Sends raw bytes, returns the whole response (head and body) as Latin-1 text. */
function send(raw: string, to = port): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect({ host: '127.0.0.1', port: to });
    s.setTimeout(5000, () => {
      s.destroy();
      reject(new Error(`timeout: ${JSON.stringify(raw)}`));
    });
    s.on('connect', () => s.write(Buffer.from(raw, 'latin1')));
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', (e: NodeJS.ErrnoException) => (chunks.length ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(e)));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

const get = (host: string, target: string, extra = '') => send(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);
/** The header lines of a response (the status line excluded). */
const headerLines = (res: string) => res.slice(0, res.indexOf('\r\n\r\n')).split('\r\n').slice(1);

test('DeployLens reports exactly the marked lines of the configuration nginx runs', () => {
  const file = join(nginx.dir, 'nginx.conf');
  const host = new NodeHost();
  const text = host.readFile(file)!;
  const index = new LineIndex(text);
  const findings = checkPath(host, file, defaultSettings).findings.filter((f) => RULES.includes(f.code) && f.file === file);
  const got = findings.map((f) => `${index.humanAt(f.start).line} ${f.code}`).sort();
  const want: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /# !(\S+)/.exec(line);
    if (m) want.push(`${i + 1} ${m[1]}`);
    const next = /^\s*# !next (\S+)/.exec(line);
    if (next) want.push(`${i + 2} ${next[1]}`);
  });
  assert.deepEqual(got, want.filter((w) => !/ next$/.test(w)).sort(), findings.map((f) => f.message).join('\n'));
});

test('http-splitting: %0d%0a in the path injects a header through $uri, a [^/]* capture and a proxied header; not through $request_uri, [a-z0-9]* or a rewrite capture', async () => {
  const inj = '%0d%0aSet-Cookie:%20injected=1';
  assert.ok(headerLines(await get('split.test', `/u/a${inj}`)).includes('Set-Cookie: injected=1'), '$uri');
  assert.ok(headerLines(await get('split.test', `/d/a${inj}`)).includes('Set-Cookie: injected=1'), '([^/]*)');
  assert.ok(!headerLines(await get('split.test', `/fixed/a${inj}`)).some((l) => l.startsWith('Set-Cookie')), '$request_uri');
  assert.ok(!(await get('split.test', `/n/a${inj}`)).includes('Set-Cookie'), '([a-z0-9]*) does not match');
  assert.match(await get('split.test', `/r/a${inj}`), /Location: https:\/\/example\.com\/a%0D%0ASet-Cookie/);
  // "." stops at a line feed but not at a carriage return: a bare CR goes out inside the Location header.
  assert.match(await get('split.test', '/c/a%0dX-Bare:1'), /Location: https:\/\/example\.com\/a\rX-Bare:1\r\n/);
  // To the backend: the extra header line arrives as a header of its own.
  assert.match(await get('split.test', '/p/a%0d%0aX-Injected:%201'), /xuri=\/p\/a\n/);
  assert.match(await get('split.test', '/pfixed/a%0d%0aX-Injected:%201'), /xuri=\/pfixed\/a%0d%0aX-Injected:%201/);
});

test('static-alias-traversal: /static../ and /media../ read the folder above the alias; the fixed locations do not', async () => {
  assert.match(await get('alias.test', '/static../settings.py'), /^HTTP\/1\.1 200[\s\S]*SECRET_KEY/);
  assert.match(await get('alias.test', '/media../settings.py'), /^HTTP\/1\.1 200[\s\S]*SECRET_KEY/);
  assert.match(await get('alias.test', '/static/a.txt'), /static file/);
  assert.match(await get('alias.test', '/assets../settings.py'), /^HTTP\/1\.1 404/);
  assert.match(await get('alias.test', '/files../settings.py'), /^HTTP\/1\.1 404/);
  assert.match(await get('alias.test', '/assets/a.txt'), /static file/);
});

test('if-is-evil: an if that holds skips try_files (404 where the app page is served); of two ifs only the last applies', async () => {
  assert.match(await get('if.test', '/app/page'), /^HTTP\/1\.1 200[\s\S]*index/);
  assert.match(await get('if.test', '/app/page', 'X-Debug: 1\r\n'), /^HTTP\/1\.1 404/);
  assert.match(await get('if.test', '/ok/page'), /^HTTP\/1\.1 200[\s\S]*index/);
  assert.match(await get('if.test', '/ok/page', 'X-Debug: 1\r\n'), /^HTTP\/1\.1 418/);
  const both = headerLines(await get('if.test', '/two?a=1&b=1'));
  assert.ok(both.includes('X-B: 1') && !both.includes('X-A: 1'), both.join(' | '));
  assert.ok(headerLines(await get('if.test', '/two?a=1')).includes('X-A: 1'));
});

test('add-header-dropped: a location with its own add_header loses the server header; the fixed one keeps it', async () => {
  const bad = headerLines(await get('headers.test', '/static/x'));
  assert.ok(bad.includes('Cache-Control: public') && !bad.includes('X-Frame-Options: DENY'), bad.join(' | '));
  const good = headerLines(await get('headers.test', '/fixed/x'));
  assert.ok(good.includes('Cache-Control: public') && good.includes('X-Frame-Options: DENY'));
});

test('header-multiline: nginx sends the line break inside the header value', async () => {
  const res = await get('headers.test', '/csp');
  assert.match(res, /Content-Security-Policy: default-src 'self';\n {10}img-src 'self'\r\n/);
});

test('host-spoofing: the backend sees a Host the client chose, through X-Forwarded-Host, and through $http_host with an absolute request line', async () => {
  assert.match(await get('host.test', '/', 'X-Forwarded-Host: evil.example\r\n'), /backend host=evil\.example/);
  assert.match(await get('host.test', '/fixed/', 'X-Forwarded-Host: evil.example\r\n'), /backend host=host\.test/);
  // The absolute form picks the server by its name and passes the Host header on untouched.
  const abs = (target: string) => send(`GET http://host.test${target} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
  assert.match(await abs('/raw/'), /backend host=evil\.example/);
  assert.match(await abs('/fixed/'), /backend host=host\.test/);
  // Without the absolute form, the catch-all server answers the unknown name (444: no response).
  assert.equal(await get('evil.example', '/raw/'), '');
});

test('ssrf: a query parameter makes nginx fetch an internal service; the fixed location cannot', async () => {
  assert.match(await get('ssrf.test', `/fetch?u=127.0.0.1:${internalPort}`), /internal-secret/);
  assert.doesNotMatch(await get('ssrf.test', `/fixed/127.0.0.1:${internalPort}`), /internal-secret/);
});

test('server-tokens: on shows the exact version on error pages and in the Server header; off does not', async () => {
  const on = await get('tokens.test', '/x');
  assert.match(on, /Server: nginx\/1\.\d+\.\d+/);
  assert.match(on, /<center>nginx\/1\.\d+\.\d+<\/center>/);
  const off = await get('tokens.test', '/off');
  assert.match(off, /Server: nginx\r\n/);
  assert.doesNotMatch(off, /nginx\/1\./);
});

test('regex-location-unanchored: the unanchored regex takes /api/static/ from the /api/ prefix location; the anchored one does not', async () => {
  assert.match(await get('regex.test', '/api/static/x'), /static\n/);
  assert.match(await get('regex.test', '/api/assets/x'), /api\n/);
  assert.match(await get('regex.test', '/assets/x'), /assets\n/);
});
