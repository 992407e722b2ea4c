// Validation, table-driven: configuration text -> findings as `code@line:severity`. Rows marked
// "nginx:" quote what nginx 1.22 says about the same input (see also the differential test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/common/diagnostics';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { LineIndex } from '../../../server/src/common/text';
import { NGINX_CODES } from '../../../server/src/nginx/codes';
import { checkNginx, loadNginxConfig } from '../../../server/src/nginx/index';

/** Checks `files` (the first is the entry) and renders every finding as `code@file:line:severity`. */
function check(files: Record<string, string>, options: { context?: 'main' | 'http' | 'server' | 'location' } = {}): { out: string[]; findings: Finding[] } {
  const host = new MemoryHost(files);
  const entry = Object.keys(files)[0];
  const findings = checkNginx(loadNginxConfig(host, entry, { ...options, workspaceRoot: '/ws' }));
  const out = findings.map((f) => {
    const text = host.readFile(f.file) ?? '';
    const where = f.file === entry ? '' : f.file.replace('/ws/', '') + ':';
    return `${f.code}@${where}${new LineIndex(text).humanAt(f.start).line}:${f.severity}`;
  });
  return { out, findings };
}

/** A main config around an http-level body. */
const main = (http: string, top = '') => ({ '/ws/nginx.conf': `${top}events {}\nhttp {\n${http}\n}\n` });

interface Row {
  name: string;
  files: Record<string, string>;
  expect: string[];
  /** Substring of the first finding's message. */
  message?: string;
  context?: 'main' | 'http' | 'server' | 'location';
}

const rows: Row[] = [
  // Base checks.
  { name: 'a clean config', files: main('server {\n listen 80 default_server;\n server_name _;\n root /srv;\n location / { try_files $uri =404; }\n}'), expect: [] },
  { name: 'nginx: unknown directive "proxy_passs"', files: main('server { location / {\nproxy_passs http://x;\n} }'), expect: ['nginx-unknown-directive@4:error'], message: 'unknown directive "proxy_passs"; did you mean "proxy_pass"?' },
  { name: 'nginx: "listen" directive is not allowed here', files: main('listen 80;'), expect: ['nginx-directive-not-allowed@3:error'], message: '"listen" directive is not allowed here (in http; allowed in server, mail server, stream server)' },
  { name: 'nginx: "location" not allowed in if', files: main('server { if ($request_uri) {\nlocation / { }\n} }'), expect: ['nginx-directive-not-allowed@4:error'] },
  { name: 'nginx: invalid number of arguments in "proxy_pass"', files: main('server { location / {\nproxy_pass a b;\n} }'), expect: ['nginx-invalid-args@4:error'], message: 'invalid number of arguments in "proxy_pass" directive (takes 1 argument, got 2)' },
  { name: 'nginx: invalid number of arguments in "user"', files: { '/ws/nginx.conf': 'user a b c;\nevents {}\n' }, expect: ['nginx-invalid-args@1:error'] },
  { name: 'a forgotten ";" shows as extra arguments, with the likely fix', files: main('server { location / {\nproxy_pass http://app\nproxy_set_header Host $host;\n} }'), expect: ['nginx-invalid-args@4:error'], message: '"proxy_set_header" on the next line is read as an argument: is a ";" missing at the end of line 4?' },
  { name: 'nginx accepts a joined line that fits: a warning', files: main('server {\nserver_name example.org\nroot /srv;\n}'), expect: ['nginx-suspicious-line-break@5:warning'] },
  { name: 'a parameter of the directive on the next line is fine', files: main('log_format x \'$uri\';\nserver { access_log /l x\n  gzip buffer=1m;\n }'), expect: [] },
  { name: 'nginx: invalid value "yes" in "gzip" directive, it must be "on" or "off"', files: main('gzip yes;'), expect: ['nginx-invalid-flag@3:error'] },
  { name: 'flags are case-insensitive', files: main('gzip ON;'), expect: [] },
  { name: 'nginx: directive "server" has no opening "{"', files: main('server;'), expect: ['nginx-block-expected@3:error'] },
  { name: 'nginx: directive "root" is not terminated by ";"', files: main('server { root /srv { } }'), expect: ['nginx-block-unexpected@3:error'] },
  { name: 'table blocks hold data, not directives', files: main('types { text/html html; application/x-thing thing; }\nmap $uri $m { default 0; /a 1; }\nsplit_clients $remote_addr $s { 50% a; * b; }'), expect: [] },
  { name: 'raw Lua blocks are not read as directives; lua needs its module (a warning)', files: main('server { location / { content_by_lua_block { ngx.say("}") } } }'), expect: ['nginx-third-party-directive@3:warning'], message: 'third-party module lua (OpenResty) (Debian: libnginx-mod-http-lua)' },
  { name: 'well-known third-party directives are warnings, and their variables unknowable', files: main('more_set_headers "Server: x";\ngeoip2 /db.mmdb { $geo_cc country iso_code; }\nserver { return 200 $geo_cc; }'), expect: ['nginx-third-party-directive@3:warning', 'nginx-third-party-directive@4:warning', 'nginx-unknown-variable@5:hint'] },
  { name: 'stream and http servers differ', files: { '/ws/nginx.conf': 'events {}\nstream { server { listen 53 udp; proxy_pass 127.0.0.1:53; } }\nhttp { server { listen 80 udp; } }\n' }, expect: ['nginx-listen-invalid-parameter@3:error'] },
  { name: 'nginx: unexpected "}" after a missing ";" (the finding reaches the brace)', files: main('server { location / {\nproxy_pass http://127.0.0.1:8000\n} }'), expect: ['nginx-missing-semicolon@4:error'], message: '(nginx: unexpected "}")' },

  // Duplicates.
  { name: 'nginx: duplicate location "/static"', files: main('server {\nlocation /static { }\nlocation /static { }\n}'), expect: ['nginx-duplicate-location@5:error'] },
  { name: '^~ and plain prefixes collide; = and regex do not', files: main('server {\nlocation /a { }\nlocation ^~ /a { }\nlocation = /a { }\nlocation ~ /a { }\nlocation ~ /a { }\n}'), expect: ['nginx-duplicate-location@5:error'] },
  { name: 'nested locations are compared within their parent only', files: main('server {\nlocation /a { location /a/b { } }\nlocation /c { location /a/b { } }\n}'), expect: [] },
  { name: 'a duplicate location through an include', files: { ...main('server {\nlocation / { }\ninclude more.conf;\n}'), '/ws/more.conf': 'location / { }' }, expect: ['nginx-duplicate-location@more.conf:1:error'] },
  { name: 'nginx: "alias" directive is duplicate, "root" directive was specified earlier', files: main('server { location /s/ {\nroot /a;\nalias /b/;\n} }'), expect: ['nginx-root-and-alias@5:error'] },
  { name: 'nginx: "root" directive is duplicate', files: main('server {\nroot /a;\nroot /b;\n}'), expect: ['nginx-duplicate-directive@5:error'] },
  { name: 'nginx: "proxy_pass" directive is duplicate', files: main('server { location / {\nproxy_pass http://127.0.0.1:1;\nproxy_pass http://127.0.0.1:2;\n} }'), expect: ['nginx-duplicate-directive@5:error'] },
  { name: 'repeatable directives repeat', files: main('server { location / {\nadd_header A 1;\nadd_header A 2;\nproxy_set_header X 1;\nproxy_set_header Y 2;\n} }'), expect: [] },

  // listen.
  { name: 'nginx: invalid parameter "spdy"', files: main('server {\nlisten 443 ssl spdy;\nssl_certificate /c;\nssl_certificate_key /k;\n}'), expect: ['nginx-listen-invalid-parameter@4:error'] },
  { name: 'current parameters are valid: http2, quic, reuseport, so_keepalive', files: main('server { listen 443 ssl http2 reuseport so_keepalive=on backlog=512; listen 443 quic; ssl_certificate /c; ssl_certificate_key /k; }'), expect: ['nginx-deprecated@3:hint'] },
  { name: 'nginx: a duplicate listen', files: main('server {\nlisten 80;\nlisten *:80;\n}'), expect: ['nginx-listen-duplicate@5:error'] },
  { name: 'nginx: a duplicate default server', files: main('server { listen 80 default_server; }\nserver {\nlisten 0.0.0.0:80 default_server;\n}'), expect: ['nginx-listen-duplicate-default@5:error'] },
  { name: 'different addresses may each have a default server', files: main('server { listen 80 default_server; }\nserver { listen [::]:80 default_server; }\nserver { listen 127.0.0.1:80 default; }'), expect: [] },
  { name: 'nginx: duplicate listen options', files: main('server { listen [::]:80 ipv6only=on; }\nserver {\nlisten [::]:80 ipv6only=on;\n}'), expect: ['nginx-listen-duplicate-options@5:error'] },
  { name: 'nginx: invalid port in "127.0.0.1:80x" of the "listen" directive', files: main('server { listen 127.0.0.1:80x; }'), expect: ['nginx-listen-invalid-address@3:error'] },
  { name: 'nginx: no "ssl_certificate" is defined for the "listen ... ssl" directive (at the server)', files: main('server {\nlisten 443 ssl;\n}'), expect: ['nginx-ssl-no-certificate@3:error'] },
  { name: 'a certificate inherited from http{} is enough', files: main('ssl_certificate /c;\nssl_certificate_key /k;\nserver { listen 443 ssl; }'), expect: [] },
  { name: 'only the default server of an address needs one', files: main('server { listen 443 ssl; ssl_certificate /c; ssl_certificate_key /k; }\nserver { listen 443 ssl; server_name b; }'), expect: [] },
  { name: 'ssl_reject_handshake on replaces a certificate', files: main('server { listen 443 ssl default_server; ssl_reject_handshake on; }'), expect: [] },
  { name: 'in a site fragment the main config may define the certificate: a hint', files: { '/ws/sites-enabled/app': 'server {\nlisten 443 ssl;\n}' }, expect: ['nginx-ssl-no-certificate@1:hint'] },

  // Logs.
  { name: 'nginx: unknown log format "main"', files: main('server {\naccess_log /l main;\n}'), expect: ['nginx-unknown-log-format@4:error'] },
  { name: 'log_format must come first', files: main('access_log /l main;\nlog_format main \'$uri\';'), expect: ['nginx-unknown-log-format@3:error'] },
  { name: 'combined is built in; defined formats work', files: main('log_format main \'$uri\';\naccess_log /a combined;\naccess_log /b main;\naccess_log off;'), expect: [] },
  { name: 'a site fragment may use formats of the main config: a hint', files: { '/ws/sites-enabled/app': 'server {\naccess_log /l main;\n}' }, expect: ['nginx-unknown-log-format@2:hint'] },
  { name: 'nginx: invalid log level "file>>"', files: main('error_log <<log file>>;'), expect: ['nginx-invalid-log-level@3:error'] },
  { name: 'real levels', files: main('error_log /e warn;\nerror_log /d debug_http debug_core;'), expect: [] },

  // Variables.
  { name: 'nginx: unknown "arg" variable', files: main('map $uri $v {\n default $arg;\n}'), expect: ['nginx-unknown-variable@4:error'] },
  { name: 'defined and built-in variables, regex anchors, captures', files: main('map $uri $mapped { default 1; }\ngeo $geo { default 0; }\nserver {\nserver_name ~^(?<sub>.+)\\.example\\.com$;\nset $mine 1;\nlocation ~ ^/x$ { return 200 "$mapped $geo $mine $sub $http_user_agent $arg_page $cookie_id $1 ${uri}"; }\nif ($request_uri ~ ^/y$) { return 301 /z; }\n}'), expect: [] },
  { name: 'an unknown variable in a site fragment is only a hint', files: { '/ws/sites-enabled/app': 'server { return 200 $nope; }' }, expect: ['nginx-unknown-variable@1:hint'] },
  { name: 'nginx: the duplicate "https" variable', files: main('map $scheme $https {\n default ""; https on;\n}'), expect: ['nginx-duplicate-variable@3:error'] },
  { name: 'changeable built-ins may be set', files: main('server { set $args a=1; set $limit_rate 10k; }'), expect: [] },

  // Upstreams, mail.
  { name: 'nginx: invalid port in upstream "127.0.0.1:YOURPORT"', files: main('server { location / {\nfastcgi_pass 127.0.0.1:YOURPORT;\n} }'), expect: ['nginx-invalid-port@4:error'] },
  { name: 'ports, unix sockets and variables pass', files: main('upstream app { server 127.0.0.1:8000; server unix:/run/a.sock; server [::1]:9000; }\nserver { location / { proxy_pass http://unix:/run/g.sock:/; } location /b { proxy_pass http://$host:8080; } }'), expect: [] },
  { name: 'nginx: "starttls" directive conflicts with "ssl on"', files: { '/ws/nginx.conf': 'events {}\nmail {\nssl on;\nstarttls on;\n}\n' }, expect: ['nginx-deprecated@3:warning', 'nginx-mail-ssl-conflict@4:error'] },

  // proxy_pass and friends.
  { name: 'nginx: invalid URL prefix (a unix socket without http://)', files: main('server { location / {\nproxy_pass unix:/run/gunicorn.sock;\n} }'), expect: ['nginx-pass-invalid-url@4:error'] },
  { name: 'nginx: invalid URL prefix (http:/ with one slash)', files: main('server { location / {\nproxy_pass http:/localhost:8000;\n} }'), expect: ['nginx-pass-invalid-url@4:error'] },
  { name: 'nginx: no path in the unix domain socket', files: main('server { location / {\nproxy_pass http://unix:;\n} }'), expect: ['nginx-pass-invalid-url@4:error'] },
  { name: 'nginx: proxy_pass cannot have URI part in a regex location', files: main('server { location ~ \\.php$ {\nproxy_pass http://127.0.0.1:8000/;\n} }'), expect: ['nginx-pass-uri-not-allowed@4:error'] },
  { name: 'nginx: ... or inside "if", named locations, limit_except; unix URIs count', files: main('server {\nlocation / { if ($request_uri) {\nproxy_pass http://127.0.0.1:1/a;\n} }\nlocation @n {\nproxy_pass http://unix:/run/a.sock:/;\n}\nlocation /l { limit_except GET {\nproxy_pass http://127.0.0.1:1/x;\n} }\n}'), expect: ['nginx-pass-uri-not-allowed@5:error', 'nginx-pass-uri-not-allowed@8:error', 'nginx-pass-uri-not-allowed@11:error'] },
  { name: 'URIs in prefix locations, none in regex ones, variables anywhere', files: main('server { location /api/ { proxy_pass http://unix:/run/a.sock:/; } location ~ /x { proxy_pass http://unix:/run/a.sock; } location ~ /y { proxy_pass http://127.0.0.1:8000$request_uri; } location /z { proxy_pass HTTPS://127.0.0.1:1; } }'), expect: [] },
  { name: 'nginx: invalid host in upstream "http://..." for uwsgi_pass and grpc_pass', files: main('server {\nlocation /a { uwsgi_pass http://127.0.0.1:1; }\nlocation /b { grpc_pass http://127.0.0.1:1; }\nlocation /c { uwsgi_pass uwsgi://127.0.0.1:1; grpc_pass 127.0.0.1:2; }\nlocation /d { uwsgi_pass unix:///run/uwsgi/app.socket; }\n}'), expect: ['nginx-pass-invalid-url@4:error', 'nginx-pass-invalid-url@5:error'] },

  // if conditions (messages name the word nginx names).
  { name: 'nginx: invalid condition "b" (no closing parenthesis)', files: main('server { location / {\nif ($request_uri = b { return 404; }\n} }'), expect: ['nginx-invalid-condition@4:error'], message: 'invalid condition "b"' },
  { name: 'nginx: invalid condition "$a" (no opening parenthesis)', files: main('server {\nif $request_uri = b) { return 404; }\n}'), expect: ['nginx-invalid-condition@4:error'], message: 'invalid condition "$request_uri"' },
  { name: 'nginx: unexpected "==" in condition', files: main('server {\nif ($request_uri == "x") { return 404; }\n}'), expect: ['nginx-invalid-condition@4:error'], message: 'unexpected "==" in condition' },
  { name: 'nginx: invalid condition "request_uri"', files: main('server {\nif (request_uri) { return 404; }\n}'), expect: ['nginx-invalid-condition@4:error'] },
  { name: 'nginx: invalid condition "-q"', files: main('server {\nif (-q $uri) { return 404; }\n}'), expect: ['nginx-invalid-condition@4:error'] },
  { name: 'nginx: invalid condition (a value missing or two values)', files: main('server {\nif ($request_uri = ) { return 404; }\nif ($request_uri ~ "x" y) { return 404; }\n}'), expect: ['nginx-invalid-condition@4:error', 'nginx-invalid-condition@5:error'] },
  { name: 'valid conditions in every form', files: main('server {\nif ($request_uri) { }\nif ( $request_uri ) { }\nif ($request_method = POST) { }\nif ($http_x != "a b") { }\nif ($request_uri ~* ^/x$) { }\nif (!-e $request_filename) { }\nif ( -f $request_filename ) { }\nif ($request_uri !~ "^/y") { }\n}'), expect: [] },

  // Values.
  { name: 'nginx: "client_max_body_size" directive invalid value (10MB)', files: main('client_max_body_size 10MB;'), expect: ['nginx-invalid-value@3:error'] },
  { name: 'nginx: "proxy_read_timeout" directive invalid value (60sec, 1.5s, "10 s")', files: main('server { location / {\nproxy_read_timeout 60sec;\nproxy_send_timeout 1.5s;\nproxy_connect_timeout "10 s";\n} }'), expect: ['nginx-invalid-value@4:error', 'nginx-invalid-value@5:error', 'nginx-invalid-value@6:error'] },
  { name: 'valid sizes and times', files: main('client_max_body_size 0;\nclient_body_buffer_size 16K;\nproxy_buffer_size 4k;\nkeepalive_time 1h;\nsend_timeout 3w;\nclient_body_timeout 500ms;\nlingering_time "1h 30m";\nresolver_timeout 1h30m;\nserver { location / { proxy_read_timeout 30; } }'), expect: [] },
  { name: 'nginx: invalid return code "/path"; redirects and codes', files: main('server {\nlocation /a { return /path; }\nlocation /b { return 1000; }\nlocation /c { return 301 /x; return 444; return https://x; return $scheme://x; return 200 "ok"; return 999 x; }\n}'), expect: ['nginx-invalid-value@4:error', 'nginx-invalid-value@5:error'] },
  { name: 'nginx: invalid parameter "permanant" (rewrite flag)', files: main('server {\nrewrite ^/old /new permanant;\nrewrite ^/a /b last;\n}'), expect: ['nginx-invalid-value@4:error'] },
  { name: 'nginx: error_page value "999" must be between 300 and 599; invalid value "=abc"', files: main('error_page 999 /x;\nerror_page 404 =abc /x;\nerror_page 500 502 503 504 /50x.html;\nerror_page 404 = /y;\nerror_page 404 =200 /z;'), expect: ['nginx-invalid-value@3:error', 'nginx-invalid-value@4:error'] },
  { name: 'nginx: try_files invalid code "=40a"', files: main('server {\ntry_files $uri =40a;\nlocation / { try_files $uri $uri/ =404; }\n}'), expect: ['nginx-invalid-value@4:error'] },

  // Warnings nginx prints.
  { name: 'nginx [warn]: the "ssl" directive is deprecated', files: main('server {\nlisten 443;\nssl on;\nssl_certificate /c; ssl_certificate_key /k;\n}'), expect: ['nginx-deprecated@5:warning'] },
  { name: 'obsolete http2 settings; listen ... http2 is only a hint', files: main('http2_max_field_size 8k;\nserver { listen 443 ssl http2; ssl_certificate /c; ssl_certificate_key /k; }'), expect: ['nginx-deprecated@3:warning', 'nginx-deprecated@4:hint'] },
  { name: 'nginx [warn]: conflicting server name "a.example" on 0.0.0.0:80, ignored', files: main('server { listen 80; server_name a.example b.example; }\nserver {\nlisten 80;\nserver_name A.example c.example;\n}'), expect: ['nginx-conflicting-server-name@6:warning'] },
  { name: 'the same name on different ports or addresses does not conflict', files: main('server { listen 80; server_name a.example; }\nserver { listen 8080; server_name a.example; }\nserver { listen 127.0.0.1:80; server_name a.example; }\nserver { server_name ~^x$; }\nserver { server_name ~^x$; listen 81; }'), expect: [] },
  { name: 'servers without listen are on *:80', files: main('server { server_name a.example; }\nserver {\nlisten 0.0.0.0:80;\nserver_name a.example;\n}'), expect: ['nginx-conflicting-server-name@6:warning'] },

  { name: 'nginx: host not found in upstream "unix" (http://unix/path)', files: main('server { location / {\nproxy_pass http://unix/run/g.sock;\n} }'), expect: ['nginx-pass-invalid-url@4:error'] },
  { name: 'a socket path ending with "/" (nginx accepts it, every request is a 502)', files: main('server { location / {\nproxy_pass http://unix:/run/g.sock/;\n} }'), expect: ['nginx-pass-unix-trailing-slash@4:error'], message: '"http://unix:/run/g.sock:/"' },
  { name: 'a near miss or a suffixed variant of a Debian file is an error even in a fragment', files: { '/ws/sites-available/app': 'server { location / {\ninclude proxy_params_missing;\ninclude proxy_param;\ninclude /etc/nginx/fastcgi_param;\n} }' }, expect: ['nginx-include-missing@2:error', 'nginx-include-missing@3:error', 'nginx-include-missing@4:error'], message: 'did you mean "proxy_params"' },

  // Zones and upstreams.
  { name: 'nginx: zero size shared memory zone "one"', files: main('server { location / {\nlimit_req zone=one burst=5;\n} }'), expect: ['nginx-unknown-zone@4:error'] },
  { name: 'nginx: "proxy_cache" zone "c1" is unknown', files: main('server { location / {\nproxy_cache c1;\n} }'), expect: ['nginx-unknown-zone@4:error'] },
  { name: 'defined zones, off and variables pass', files: main('limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\nlimit_conn_zone $binary_remote_addr zone=addr:10m;\nproxy_cache_path /c levels=1:2 keys_zone=c1:10m;\nserver { limit_req zone=one; limit_conn addr 10; location / { proxy_cache c1; } location /x { proxy_cache off; } location /y { proxy_cache $z; } }\nmap $uri $z { default c1; }'), expect: [] },
  { name: 'zones of a site fragment may live in the main config: a hint', files: { '/ws/sites-enabled/app': 'server { limit_req zone=one; }' }, expect: ['nginx-unknown-zone@1:hint'] },
  { name: 'nginx: host not found in upstream "app_servr" (one typo from an upstream: an error)', files: main('upstream app_server { server unix:/run/g.sock; }\nserver { location / {\nproxy_pass http://app_servr;\n} }'), expect: ['nginx-unknown-upstream@5:error'], message: 'did you mean "app_server"?' },
  { name: 'an unknown bare host name is a warning (/etc/hosts might know it); in a site fragment too, when it is a typo', files: main('server { location / {\nproxy_pass http://backend;\n} }'), expect: ['nginx-unknown-upstream@4:warning'] },
  { name: 'a typo of an upstream of the same site file is an error even in a fragment', files: { '/ws/sites-available/app': 'upstream app_server { server unix:/run/g.sock; }\nserver { location / { proxy_pass http://app_server_typo; } }' }, expect: ['nginx-unknown-upstream@2:error'] },
  { name: 'upstream names, hosts with dots, addresses and container names with ports', files: main('upstream app { server 127.0.0.1:8000; }\nserver { location /a { proxy_pass http://app; } location /b { proxy_pass https://example.com; } location /c { proxy_pass http://127.0.0.1:8000; } location /d { proxy_pass http://localhost:8000/; } location /e { fastcgi_pass app; } }'), expect: [] },
  { name: 'a container name with a port is only a hint', files: main('server { location / {\nproxy_pass http://web:8000;\n} }'), expect: ['nginx-unknown-upstream@4:hint'] },

  // Debian's files are known, and problems inside them show at the include.
  { name: 'a Debian snippet in the wrong block is reported at its include', files: main('server {\ninclude snippets/fastcgi-php.conf;\n}'), expect: ['nginx-directive-not-allowed@4:error'], message: '/etc/nginx/snippets/fastcgi-php.conf:2: "fastcgi_split_path_info" directive is not allowed here' },
  { name: 'a Debian snippet where it belongs', files: main('server { location ~ \\.php$ {\ninclude snippets/fastcgi-php.conf;\nfastcgi_pass unix:/run/php/php-fpm.sock;\n} }'), expect: [] },

  // Contexts of fragments.
  { name: 'a location-level snippet included nowhere gets no "not allowed" errors', files: { '/ws/snippets/proxy.conf': 'proxy_pass http://unix:/run/app.sock;\nproxy_set_header Host $host;\n' }, expect: [] },
  { name: 'a snippet checked where it is included', files: { ...main('server {\ninclude snippets/proxy.conf;\n}'), '/ws/snippets/proxy.conf': 'proxy_pass http://unix:/run/app.sock;\n' }, expect: ['nginx-directive-not-allowed@snippets/proxy.conf:1:error'] },
  { name: 'the given context wins over inference', files: { '/ws/x.conf': 'listen 80;' }, context: 'location', expect: ['nginx-directive-not-allowed@1:error'] },
];

const emitted = new Set<string>();
for (const row of rows) {
  test(row.name, () => {
    const { out, findings } = check(row.files, { context: row.context });
    for (const f of findings) emitted.add(f.code);
    for (const f of findings) if (f.code === 'nginx-deprecated') assert.deepEqual(f.tags, ['deprecated']);
    assert.deepEqual(out, row.expect);
    if (row.message) assert.ok(findings[0].message.includes(row.message), `message: ${findings[0].message}`);
  });
}

test('quick fixes: rename a typo, insert a missing ";", on/off, spdy -> http2', () => {
  const fixes = (files: Record<string, string>) => check(files).findings.flatMap((f) => f.fixes ?? []);
  const text = (files: Record<string, string>) => {
    const [fix] = fixes(files);
    const src = files[fix.edits[0].file];
    const e = fix.edits[0];
    return { title: fix.title, preferred: fix.preferred, result: src.slice(0, e.start) + e.newText + src.slice(e.end) };
  };
  const a = main('server { location / { allias /x/; } }');
  assert.deepEqual(text(a), { title: 'Change to "alias"', preferred: true, result: a['/ws/nginx.conf'].replace('allias', 'alias') });
  const b = main('server { location / {\nproxy_pass http://app\nproxy_set_header Host $host;\n} }');
  assert.deepEqual(text(b).result, b['/ws/nginx.conf'].replace('http://app', 'http://app;'));
  const c = main('gzip true;');
  assert.deepEqual(text(c).result, c['/ws/nginx.conf'].replace('true', 'on'));
  const d = main('server { listen 443 ssl spdy; ssl_certificate /c; ssl_certificate_key /k; }');
  assert.deepEqual(text(d).result, d['/ws/nginx.conf'].replace('spdy', 'http2'));
});

test('value quick fixes: 10MB -> 10m, 60sec -> 60s, return /x -> return 301 /x', () => {
  const apply = (files: Record<string, string>) => {
    const f = check(files).findings.find((x) => x.fixes?.length)!;
    const e = f.fixes![0].edits[0];
    const src = files[e.file];
    return src.slice(0, e.start) + e.newText + src.slice(e.end);
  };
  const a = main('client_max_body_size 10MB;');
  assert.equal(apply(a), a['/ws/nginx.conf'].replace('10MB', '10m'));
  const b = main('proxy_read_timeout 60sec;');
  assert.equal(apply(b), b['/ws/nginx.conf'].replace('60sec', '60s'));
  const c = main('server { return /moved; }');
  assert.equal(apply(c), c['/ws/nginx.conf'].replace('return /moved', 'return 301 /moved'));
});

test('proxy_pass quick fixes', () => {
  const apply = (files: Record<string, string>) => {
    const f = check(files).findings.find((x) => x.fixes?.length)!;
    const e = f.fixes![0].edits[0];
    const src = files[e.file];
    return src.slice(0, e.start) + e.newText + src.slice(e.end);
  };
  const a = main('server { location / { proxy_pass unix:/run/g.sock; } }');
  assert.equal(apply(a), a['/ws/nginx.conf'].replace('unix:/run/g.sock', 'http://unix:/run/g.sock'));
  const b = main('server { location / { proxy_pass http:/127.0.0.1:8000; } }');
  assert.equal(apply(b), b['/ws/nginx.conf'].replace('http:/', 'http://'));
  const c = main('server { location ~ /x { proxy_pass http://unix:/run/g.sock:/; } }');
  assert.equal(apply(c), c['/ws/nginx.conf'].replace('g.sock:/', 'g.sock'));
  const d = main('server { location ~ /x { proxy_pass http://127.0.0.1:8000/app/; } }');
  assert.equal(apply(d), d['/ws/nginx.conf'].replace(':8000/app/', ':8000'));
});

test('a file included twice reports its problems once', () => {
  const { out } = check({ ...main('server { location /a { include p.conf; } location /b { include p.conf; } }'), '/ws/p.conf': 'proxy_passs x;' });
  assert.deepEqual(out, ['nginx-unknown-directive@p.conf:1:error']);
});

test('every code emitted above is documented in codes.ts, and most documented codes are exercised', () => {
  const undocumented = [...emitted].filter((c) => !(c in NGINX_CODES));
  assert.deepEqual(undocumented, []);
  // Codes covered by other test files (includes, bad input, parser) are not all emitted here.
  const unexercised = Object.keys(NGINX_CODES).filter((c) => !emitted.has(c));
  assert.ok(unexercised.length < Object.keys(NGINX_CODES).length / 2, `not exercised: ${unexercised.join(', ')}`);
});
