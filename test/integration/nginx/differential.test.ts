// Differential test against the real nginx: for each fixture, the checker's verdict (any error or
// none) must agree with `nginx -t`, and when nginx names a line, one of the checker's errors must
// cover it. Fixtures run non-root-safe: everything under a temp dir (pid via -g, error_log,
// access_log, temp paths), ports above 1024, no `user`. Features newer than the installed nginx
// (1.22: `listen ... quic`, `http2 on`) are left out: the checker targets current nginx.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineIndex } from '../../../server/src/common/text';
import { checkNginx, loadNginxConfig } from '../../../server/src/nginx/index';
import { NodeHost } from '../../../server/src/node/nodeHost';

const NGINX = '/usr/sbin/nginx';
const root = mkdtempSync(join(tmpdir(), 'deploylens-nginx-diff-'));
after(() => rmSync(root, { recursive: true, force: true }));

const port = 20000 + Math.floor(Math.random() * 40000);

/** A self-signed certificate for the ssl fixtures (undefined when openssl is missing or fails). */
function makeCertificate(): { crt: string; key: string } | undefined {
  const crt = join(root, 'test.crt');
  const key = join(root, 'test.key');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '2', '-keyout', key, '-out', crt], { timeout: 20_000, stdio: 'ignore' });
  return r.status === 0 && existsSync(crt) ? { crt, key } : undefined;
}
const cert = existsSync(NGINX) ? makeCertificate() : undefined;

interface Fixture {
  name: string;
  /** The http{} body, or a whole config when `whole` is set. `@T@` is the fixture's directory, `@P@` a free port. */
  body: string;
  whole?: boolean;
  /** Extra files, relative to the fixture's directory. */
  files?: Record<string, string>;
  /** The finding code that should explain the error (checked when nginx fails). */
  code?: string;
  ssl?: boolean;
  /** A [warn] nginx prints, and the warning code the checker must report for it. */
  warn?: { nginx: string; code: string };
  /** Why the checker reports somewhere else than the line nginx names (else it must cover that line). */
  elsewhere?: string;
}

const SSL = () => `ssl_certificate ${cert?.crt}; ssl_certificate_key ${cert?.key};`;

const fixtures: Fixture[] = [
  // Valid configurations.
  { name: 'gunicorn behind a unix socket', body: 'upstream app { server unix:/run/gunicorn.sock fail_timeout=0; }\nserver {\n listen 127.0.0.1:@P@ default_server;\n server_name example.com;\n location /static/ { alias /srv/app/static/; }\n location / { include proxy_params; proxy_pass http://app; }\n}' },
  { name: 'Debian snippets and mime.types', body: 'include mime.types;\nserver { listen @P@; root /srv; location ~ \\.php$ { include snippets/fastcgi-php.conf; fastcgi_pass unix:/run/php/php-fpm.sock; } }' },
  { name: 'maps, captures and built-in variables', body: 'map $http_upgrade $connection_upgrade { default upgrade; "" close; }\nlog_format main \'$remote_addr "$request" $status\';\nserver {\n listen @P@;\n server_name ~^(?<sub>[a-z]+)\\.example\\.com$;\n access_log @T@/a.log main;\n location ~ ^/api/(?<rest>.*)$ { proxy_set_header Connection $connection_upgrade; proxy_pass http://127.0.0.1:9000/$rest$is_args$args; }\n if ($request_uri ~* "^/old$") { return 301 https://$sub.example.com/new; }\n}' },
  { name: 'a line break nginx accepts (a warning only)', body: 'server {\n listen @P@;\n server_name example.com\n root /srv;\n}' },
  { name: 'prefix, exact and regex locations of the same name', body: 'server { listen @P@; location /a { } location = /a { } location ~ /a { } location ~* /a { } }' },
  { name: 'ssl with a certificate', body: `server { listen 127.0.0.1:@P@ ssl default_server; ${SSL()} }`, ssl: true },
  { name: 'ssl certificate inherited from http', body: `${SSL()}\nserver { listen 127.0.0.1:@P@ ssl; }`, ssl: true },
  { name: 'includes with a mask', body: 'include conf.d/*.conf;', files: { 'conf.d/a.conf': 'server { listen @P@; }', 'conf.d/b.conf': 'gzip on;' } },
  { name: 'two default servers on different addresses', body: 'server { listen 127.0.0.1:@P@ default_server; }\nserver { listen 127.0.0.2:@P@ default_server; }' },

  // Configurations nginx accepts with a [warn]: the checker warns too.
  { name: 'ssl on is deprecated', body: `server { listen 127.0.0.1:@P@; ssl on; ${SSL()} }`, ssl: true, warn: { nginx: 'the "ssl" directive is deprecated', code: 'nginx-deprecated' } },
  { name: 'a server name claimed twice on one address', body: 'server { listen 127.0.0.1:@P@; server_name a.example; }\nserver { listen 127.0.0.1:@P@; server_name a.example; }', warn: { nginx: 'conflicting server name "a.example"', code: 'nginx-conflicting-server-name' } },

  // Broken configurations, one per diagnostic.
  { name: 'unknown directive', body: 'server { listen @P@; location / {\n  proxy_passs http://127.0.0.1:8000;\n} }', code: 'nginx-unknown-directive' },
  { name: 'directive not allowed here', body: 'listen @P@;', code: 'nginx-directive-not-allowed' },
  { name: 'location inside if', body: 'server { listen @P@; if ($request_uri) {\n location / { }\n} }', code: 'nginx-directive-not-allowed' },
  { name: 'wrong number of arguments', body: 'server { listen @P@; location / {\n  proxy_pass http://a http://b;\n} }', code: 'nginx-invalid-args' },
  { name: 'a forgotten ";" before the next directive', body: 'server { listen @P@; location / {\n  proxy_pass http://127.0.0.1:8000\n  proxy_set_header Host $host;\n} }', code: 'nginx-invalid-args' },
  { name: 'a forgotten ";" before "}"', body: 'server { listen @P@; location / {\n  proxy_pass http://127.0.0.1:8000\n} }', code: 'nginx-missing-semicolon' },
  { name: 'invalid flag', body: 'gzip yes;', code: 'nginx-invalid-flag' },
  { name: 'block directive without a block', body: 'server;', code: 'nginx-block-expected' },
  { name: 'simple directive with a block', body: 'server { listen @P@; root /srv { } }', code: 'nginx-block-unexpected' },
  { name: 'duplicate location', body: 'server { listen @P@;\n location /static/ { }\n location /static/ { }\n}', code: 'nginx-duplicate-location' },
  { name: 'duplicate location through ^~', body: 'server { listen @P@;\n location /s { }\n location ^~ /s { }\n}', code: 'nginx-duplicate-location' },
  { name: 'root and alias in one location', body: 'server { listen @P@; location /static/ {\n  root /srv;\n  alias /srv/static/;\n} }', code: 'nginx-root-and-alias' },
  { name: 'duplicate proxy_pass', body: 'server { listen @P@; location / {\n  proxy_pass http://127.0.0.1:1;\n  proxy_pass http://127.0.0.1:2;\n} }', code: 'nginx-duplicate-directive' },
  { name: 'two default servers for one address', body: 'server { listen 127.0.0.1:@P@ default_server; }\nserver {\n listen 127.0.0.1:@P@ default_server;\n}', code: 'nginx-listen-duplicate-default' },
  { name: 'the same listen twice in a server', body: 'server {\n listen 127.0.0.1:@P@;\n listen 127.0.0.1:@P@;\n}', code: 'nginx-listen-duplicate' },
  { name: 'socket options twice for one address', body: 'server { listen 127.0.0.1:@P@ backlog=100; }\nserver {\n listen 127.0.0.1:@P@ backlog=200;\n}', code: 'nginx-listen-duplicate-options' },
  { name: 'spdy is gone', body: `server {\n listen 127.0.0.1:@P@ ssl spdy;\n ${SSL()} }`, code: 'nginx-listen-invalid-parameter', ssl: true },
  { name: 'invalid listen port', body: 'server {\n listen 127.0.0.1:http;\n}', code: 'nginx-listen-invalid-address' },
  { name: 'ssl without a certificate', body: 'server {\n listen 127.0.0.1:@P@ ssl;\n}', code: 'nginx-ssl-no-certificate' },
  { name: 'unknown log format', body: 'server { listen @P@;\n access_log @T@/a.log main;\n}', code: 'nginx-unknown-log-format' },
  { name: 'log format used before it is defined', body: 'access_log @T@/a.log late;\nlog_format late \'$uri\';', code: 'nginx-unknown-log-format' },
  { name: 'invalid log level', body: 'error_log @T@/e.log verbose;', code: 'nginx-invalid-log-level' },
  { name: 'unknown variable', body: 'server { listen @P@; location / {\n  return 200 $no_such_thing;\n} }', code: 'nginx-unknown-variable' },
  { name: 'map redefining a built-in variable', body: 'map $scheme $https {\n default "";\n}', code: 'nginx-duplicate-variable' },
  { name: 'invalid port in upstream', body: 'server { listen @P@; location / {\n  fastcgi_pass 127.0.0.1:PORT;\n} }', code: 'nginx-invalid-port' },
  { name: 'proxy_pass to a socket without http://', body: 'server { listen @P@; location / {\n  proxy_pass unix:/run/gunicorn.sock;\n} }', code: 'nginx-pass-invalid-url' },
  { name: 'proxy_pass with one slash', body: 'server { listen @P@; location / {\n  proxy_pass http:/127.0.0.1:8000;\n} }', code: 'nginx-pass-invalid-url' },
  { name: 'proxy_pass to "unix:" without a path', body: 'server { listen @P@; location / {\n  proxy_pass http://unix:;\n} }', code: 'nginx-pass-invalid-url' },
  { name: 'proxy_pass with a URI in a regex location', body: 'server { listen @P@; location ~ \\.py$ {\n  proxy_pass http://unix:/run/gunicorn.sock:/;\n} }', code: 'nginx-pass-uri-not-allowed' },
  { name: 'proxy_pass with a URI inside if', body: 'server { listen @P@; location / { if ($request_method = POST) {\n  proxy_pass http://127.0.0.1:8000/post;\n} } }', code: 'nginx-pass-uri-not-allowed' },
  { name: 'proxy_pass URIs where they are allowed', body: 'server { listen @P@; location /api/ { proxy_pass http://unix:/run/gunicorn.sock:/; } location ~ /x { proxy_pass http://127.0.0.1:8000; } location ~ /y { proxy_pass http://127.0.0.1:8000$request_uri; } }' },
  { name: 'uwsgi_pass with an http:// address', body: 'server { listen @P@; location / {\n  uwsgi_pass http://127.0.0.1:3031;\n} }', code: 'nginx-pass-invalid-url' },
  { name: 'if without its closing parenthesis', body: 'server { listen @P@; location / {\n  if ($request_method = POST { return 405; }\n} }', code: 'nginx-invalid-condition' },
  { name: 'if with == ', body: 'server { listen @P@; location / {\n  if ($request_method == POST) { return 405; }\n} }', code: 'nginx-invalid-condition' },
  { name: 'if with an unknown file test', body: 'server { listen @P@; location / {\n  if (-q $request_filename) { return 404; }\n} }', code: 'nginx-invalid-condition' },
  { name: 'if conditions in every valid form', body: 'server { listen @P@; location / {\n if ($request_uri) { } if ( $request_uri ) { } if ($request_method = POST) { } if ($http_x != "a b") { }\n if ($request_uri ~* ^/x$) { } if (!-e $request_filename) { } if ( -f $request_filename ) { } if ($request_uri !~ "^/y") { }\n} }' },
  { name: 'a size with two letters', body: 'client_max_body_size 10MB;', code: 'nginx-invalid-value' },
  { name: 'a time with a long unit', body: 'server { listen @P@; location / {\n  proxy_read_timeout 60sec;\n} }', code: 'nginx-invalid-value' },
  { name: 'valid sizes and times', body: 'client_max_body_size 1G; client_body_buffer_size 16K; proxy_buffer_size 4k; send_timeout 3w; client_body_timeout 500ms; lingering_time "1h 30m"; resolver_timeout 1h30m;' },
  { name: 'return with a path and no code', body: 'server { listen @P@; location / {\n  return /moved;\n} }', code: 'nginx-invalid-value' },
  { name: 'rewrite with a misspelt flag', body: 'server { listen @P@;\n  rewrite ^/old /new permanant;\n}', code: 'nginx-invalid-value' },
  { name: 'error_page with a code out of range', body: 'error_page 999 /x.html;', code: 'nginx-invalid-value' },
  { name: 'try_files with a bad =code', body: 'server { listen @P@; location / {\n  try_files $uri =40a;\n} }', code: 'nginx-invalid-value' },
  { name: 'limit_req with an undefined zone', body: 'server { listen @P@; location / {\n  limit_req zone=one;\n} }', code: 'nginx-unknown-zone' },
  { name: 'proxy_cache with an undefined zone', body: 'server { listen @P@; location / {\n  proxy_cache c1;\n  proxy_pass http://127.0.0.1:1;\n} }', code: 'nginx-unknown-zone', elsewhere: 'nginx names the end of http{} (where it merges); the checker marks the proxy_cache line' },
  { name: 'defined zones', body: 'limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;\nproxy_cache_path @T@/cache keys_zone=c1:1m;\nserver { listen @P@; location / { limit_req zone=one; proxy_cache c1; proxy_pass http://127.0.0.1:1; } }' },
  { name: 'proxy_pass to http://unix/path (no colon)', body: 'server { listen @P@; location / {\n  proxy_pass http://unix/run/gunicorn.sock;\n} }', code: 'nginx-pass-invalid-url' },
  { name: 'proxy_pass to an upstream with a typo', body: 'upstream app_server { server unix:/run/gunicorn.sock; }\nserver { listen @P@; location / {\n  proxy_pass http://app_servr;\n} }', code: 'nginx-unknown-upstream' },
  // Not here: proxy_pass to a name that is no upstream and not close to one. nginx fails only if
  // DNS or /etc/hosts does not know the name, so the checker warns instead (nginx-unknown-upstream).
  // Nor http://unix:/x.sock/ : nginx -t accepts it and every request fails (an error by design).
  { name: 'missing include in the conf dir', body: 'server { listen @P@; location / {\n  include params_missing;\n} }', code: 'nginx-include-missing' },
  { name: 'include of a binary file', body: 'include blob.bin;', files: { 'blob.bin': 'GIF89a\0\0\0' }, code: 'nginx-binary-file', elsewhere: 'the binary file is not parsed; the include that names it carries the error' },
  { name: 'unexpected end of file', body: 'server { listen @P@;\n location / {\n', code: 'nginx-unclosed-block', elsewhere: 'nginx names the end of the file; the checker marks each unclosed "{"' },
  { name: 'unexpected "}"', body: 'server { listen @P@; }\n}', code: 'nginx-unexpected-brace' },
];

/** Writes a fixture's files; returns the main config path. */
function writeFixture(i: number, f: Fixture): string {
  const dir = join(root, `f${i}`);
  mkdirSync(dir, { recursive: true });
  const fill = (s: string) => s.replaceAll('@T@', dir).replaceAll('@P@', String(port));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  const conf = f.whole ? fill(f.body) : `error_log ${dir}/error.log;\nevents {}\nhttp {\naccess_log ${dir}/access.log; ${temp}\n${fill(f.body)}\n}\n`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  for (const [rel, text] of Object.entries(f.files ?? {})) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), fill(text));
  }
  // Debian's snippets are read by nginx from the conf dir: give it the real ones, as /etc/nginx has them.
  for (const name of ['proxy_params', 'mime.types', 'fastcgi.conf', 'snippets/fastcgi-php.conf']) {
    if (!existsSync(join(dir, name)) && existsSync(join('/etc/nginx', name))) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), spawnSync('cat', [join('/etc/nginx', name)]).stdout);
    }
  }
  return join(dir, 'nginx.conf');
}

/** nginx's verdict: ok, or the [emerg] message with its file and line. */
function nginxVerdict(conf: string): { ok: boolean; message: string; file?: string; line?: number; stderr: string } {
  const dir = join(conf, '..');
  const r = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-c', conf, '-e', join(dir, 'stderr.log'), '-g', `pid ${dir}/nginx.pid;`], { encoding: 'utf8', timeout: 10_000 });
  const emerg = /\[emerg\] (.*?)(?: in (\/[^\s:]+):(\d+))?$/m.exec(r.stderr);
  return { ok: r.status === 0, message: emerg?.[1] ?? r.stderr.trim(), file: emerg?.[2], line: emerg?.[3] ? Number(emerg[3]) : undefined, stderr: r.stderr };
}

const host = new NodeHost();
fixtures.forEach((f, i) => {
  const skip = !existsSync(NGINX) ? 'nginx is not installed' : f.ssl && !cert ? 'no openssl to make a certificate' : false;
  test(`nginx -t agrees: ${f.name}`, { skip }, () => {
    const conf = writeFixture(i, f);
    const verdict = nginxVerdict(conf);
    const findings = checkNginx(loadNginxConfig(host, conf));
    const errors = findings.filter((x) => x.severity === 'error');
    const mine = errors.map((e) => `${e.code}: ${e.message}`);
    assert.equal(errors.length === 0, verdict.ok, `nginx: ${verdict.ok ? 'ok' : verdict.message}; checker: ${mine.join(' | ') || 'no error'}`);
    if (f.warn) {
      assert.match(verdict.stderr, new RegExp(`\\[warn\\] ${f.warn.nginx.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.ok(findings.some((x) => x.code === f.warn!.code && x.severity === 'warning'), `expected warning ${f.warn.code}`);
    }
    if (verdict.ok) {
      assert.equal(f.code, undefined, 'fixture expected an error but nginx accepts it');
      return;
    }
    if (f.code) assert.ok(errors.some((e) => e.code === f.code), `expected ${f.code}, got ${mine.join(' | ')}`);
    if (verdict.file && verdict.line && !f.elsewhere) {
      const covering = errors.filter((e) => {
        if (e.file !== verdict.file) return false;
        const li = new LineIndex(host.readFile(e.file) ?? '');
        return li.humanAt(e.start).line <= verdict.line! && verdict.line! <= li.humanAt(Math.max(e.start, e.end - 1)).line;
      });
      assert.ok(covering.length > 0, `nginx: ${verdict.message} at line ${verdict.line}; checker: ${mine.join(' | ')}`);
    }
  });
});
