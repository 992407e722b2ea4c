// Loading a configuration through the host: where relative includes start, masks, Debian's
// files, cycles, and files that cannot be used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { directivesOf, type Directive } from '../../../server/src/nginx/ast';
import type { NginxConfig } from '../../../server/src/nginx/config';
import { effectiveChildren } from '../../../server/src/nginx/config';
import { isBuiltinFile, loadNginxConfig } from '../../../server/src/nginx/includes';

/** `code@file:severity` of every loading finding, file relative to /ws. */
function findings(config: NginxConfig): string[] {
  return config.findings.map((f) => `${f.code}@${f.file.replace('/ws/', '')}:${f.severity}`);
}

/** Every include directive of the config, in file order, with the paths it resolved to. */
function resolved(config: NginxConfig): string[] {
  const out: string[] = [];
  for (const [d, files] of config.includes) out.push(`${d.args[0]?.value} -> ${files.map((f) => f.path).join(', ') || '(none)'}`);
  return out;
}

const MAIN = 'user www-data;\nevents {}\nhttp {\n  include mime.types;\n  include conf.d/*.conf;\n  include sites-enabled/*;\n}\n';

test('a main config: relative targets start at its directory, masks expand sorted, Debian files are known', () => {
  const host = new MemoryHost({
    '/ws/etc/nginx/nginx.conf': MAIN,
    '/ws/etc/nginx/conf.d/b.conf': 'gzip on;',
    '/ws/etc/nginx/conf.d/a.conf': 'gzip_vary on;',
    '/ws/etc/nginx/conf.d/readme.txt': 'not included',
    '/ws/etc/nginx/sites-enabled/app': 'server { listen 80; location / { include proxy_params; proxy_pass http://unix:/run/app.sock; } }',
  });
  const config = loadNginxConfig(host, '/ws/etc/nginx/nginx.conf');
  assert.equal(config.context, 'main');
  assert.deepEqual(findings(config), []);
  assert.deepEqual(resolved(config), [
    'mime.types -> /etc/nginx/mime.types',
    'conf.d/*.conf -> /ws/etc/nginx/conf.d/a.conf, /ws/etc/nginx/conf.d/b.conf',
    'sites-enabled/* -> /ws/etc/nginx/sites-enabled/app',
    'proxy_params -> /etc/nginx/proxy_params',
  ]);
  const proxyParams = config.files.get('/etc/nginx/proxy_params')!;
  assert.ok(isBuiltinFile(proxyParams));
  assert.ok(!isBuiltinFile(config.main));
  // Debian's proxy_params forwards these four headers (deb12u11: Host is $host).
  const headers = directivesOf(proxyParams).map((d) => `${d.args[0].value}=${d.args[1].value}`);
  assert.deepEqual(headers, ['Host=$host', 'X-Real-IP=$remote_addr', 'X-Forwarded-For=$proxy_add_x_forwarded_for', 'X-Forwarded-Proto=$scheme']);
  // effectiveChildren sees through the includes.
  const http = directivesOf(config.main).find((d) => d.name === 'http')!;
  assert.deepEqual(effectiveChildren(config, http).map((l) => l.directive.name), ['types', 'gzip_vary', 'gzip', 'server']);
});

test('a site in a workspace copy of /etc/nginx: includes start at the nginx.conf beside it, /etc/nginx/ paths map there', () => {
  const host = new MemoryHost({
    '/ws/etc/nginx/nginx.conf': MAIN,
    '/ws/etc/nginx/snippets/ssl.conf': 'ssl_protocols TLSv1.2 TLSv1.3;',
    '/ws/etc/nginx/sites-available/app': 'server {\n  include snippets/ssl.conf;\n  include /etc/nginx/snippets/ssl.conf;\n  include snippets/gone.conf;\n}\n',
  });
  const config = loadNginxConfig(host, '/ws/etc/nginx/sites-available/app');
  assert.equal(config.context, 'http');
  assert.deepEqual(resolved(config), [
    'snippets/ssl.conf -> /ws/etc/nginx/snippets/ssl.conf',
    '/etc/nginx/snippets/ssl.conf -> /ws/etc/nginx/snippets/ssl.conf',
    'snippets/gone.conf -> (none)',
  ]);
  // The workspace holds the conf dir, so a missing relative target is an error.
  assert.deepEqual(findings(config), ['nginx-include-missing@etc/nginx/sites-available/app:error']);
  assert.equal(config.files.size, 2);
});

test('a lone site: its own directory is tried, then Debian files; anything else lives on the server (hint)', () => {
  const host = new MemoryHost({
    '/ws/deploy/site.conf': 'server {\n  include extra.conf;\n  include snippets/fastcgi-php.conf;\n  include snippets/mine.conf;\n  include /etc/letsencrypt/options-ssl-nginx.conf;\n}\n',
    '/ws/deploy/extra.conf': 'client_max_body_size 10m;',
  });
  const config = loadNginxConfig(host, '/ws/deploy/site.conf', { workspaceRoot: '/ws' });
  assert.deepEqual(resolved(config), [
    'extra.conf -> /ws/deploy/extra.conf',
    'snippets/fastcgi-php.conf -> /etc/nginx/snippets/fastcgi-php.conf',
    'fastcgi.conf -> /etc/nginx/fastcgi.conf',
    'snippets/mine.conf -> (none)',
    '/etc/letsencrypt/options-ssl-nginx.conf -> (none)',
  ]);
  assert.deepEqual(findings(config), ['nginx-include-missing@deploy/site.conf:hint', 'nginx-include-missing@deploy/site.conf:hint']);
  assert.match(config.findings[0].message, /nginx will read \/etc\/nginx\/snippets\/mine\.conf on the server/);
});

test('an absolute target inside the workspace that does not exist is an error', () => {
  const host = new MemoryHost({ '/ws/a/site.conf': 'server { include /ws/a/missing.conf; }' });
  const config = loadNginxConfig(host, '/ws/a/site.conf', { workspaceRoot: '/ws' });
  assert.deepEqual(findings(config), ['nginx-include-missing@a/site.conf:error']);
});

test('a mask that matches nothing is fine (nginx accepts it)', () => {
  const host = new MemoryHost({ '/ws/nginx.conf': 'events {} http { include conf.d/*.conf; }' });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  assert.deepEqual(findings(config), []);
  assert.deepEqual(resolved(config), ['conf.d/*.conf -> (none)']);
});

test('an include cycle across three files is reported on the include that closes it, and loading ends', () => {
  const host = new MemoryHost({
    '/ws/nginx.conf': 'events {}\nhttp { include a.conf; }',
    '/ws/a.conf': 'include b.conf;',
    '/ws/b.conf': 'include c.conf;',
    '/ws/c.conf': 'gzip on;\ninclude a.conf;',
  });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  assert.deepEqual(findings(config), ['nginx-include-cycle@c.conf:error']);
  assert.equal(config.findings[0].message, 'include cycle: a.conf -> b.conf -> c.conf -> a.conf; nginx would include these files forever');
  // The closing include resolves to nothing, so walking the includes terminates.
  const http = directivesOf(config.main).find((d) => d.name === 'http')!;
  assert.deepEqual(effectiveChildren(config, http).map((l) => l.directive.name), ['gzip']);
});

test('a file including itself', () => {
  const host = new MemoryHost({ '/ws/nginx.conf': 'events {}\ninclude nginx.conf;' });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  assert.deepEqual(findings(config), ['nginx-include-cycle@nginx.conf:error']);
});

test('symlinks: the same real file through two names is one file; a loop through a link is a cycle', () => {
  class LinkHost extends MemoryHost {
    realpath(p: string): string {
      return p === '/ws/sites-enabled/app' ? '/ws/sites-available/app' : p === '/ws/loop.conf' ? '/ws/nginx.conf' : p;
    }
  }
  const host = new LinkHost({
    '/ws/nginx.conf': 'events {}\nhttp { include sites-enabled/*; include sites-available/app; include loop.conf; }',
    '/ws/sites-available/app': 'server { listen 80; }',
    '/ws/sites-enabled/app': 'server { listen 80; }',
    '/ws/loop.conf': 'include nginx.conf;',
  });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  const targets = [...config.includes.values()].map((fs) => fs.map((f) => f.path));
  assert.deepEqual(targets.slice(0, 2), [['/ws/sites-enabled/app'], ['/ws/sites-enabled/app']]);
  assert.deepEqual(findings(config), ['nginx-include-cycle@nginx.conf:error']);
});

test('unusable targets: a directory, a binary file, bytes that are not UTF-8', () => {
  const host = new MemoryHost({
    '/ws/nginx.conf': 'events {}\nhttp {\n include conf.d;\n include blob.bin;\n include latin1.conf;\n}',
    '/ws/conf.d/a.conf': 'gzip on;',
    '/ws/blob.bin': 'GIF89a\0\0\x01',
    '/ws/latin1.conf': '# caf\uFFFD\ngzip on;',
  });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  assert.deepEqual(findings(config), ['nginx-include-not-file@nginx.conf:error', 'nginx-binary-file@nginx.conf:error', 'nginx-encoding@nginx.conf:warning']);
  assert.match(config.findings[0].message, /is a directory; include needs a file or a mask such as "conf\.d\/\*\.conf"/);
  // The non-UTF-8 file is still read; the binary one is not.
  assert.deepEqual([...config.files.keys()], ['/ws/nginx.conf', '/ws/latin1.conf']);
});

test('problems of the entry file itself are findings at its start', () => {
  const host = new MemoryHost({ '/ws/bin.conf': 'a\0b' });
  const config = loadNginxConfig(host, '/ws/bin.conf');
  assert.deepEqual(findings(config), ['nginx-binary-file@bin.conf:error']);
  assert.equal(config.main.children.length, 0);
  const none = loadNginxConfig(host, '/ws/none.conf');
  assert.deepEqual(findings(none), ['nginx-include-missing@none.conf:error']);
});

test('a file included from many places is parsed once', () => {
  const host = new MemoryHost({
    '/ws/nginx.conf': 'events {}\nhttp { server { location /a { include p.conf; } location /b { include p.conf; } } }',
    '/ws/p.conf': 'proxy_pass http://x;',
  });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  const lists = [...config.includes.values()];
  assert.equal(lists.length, 2);
  assert.equal(lists[0][0], lists[1][0]);
  assert.equal(config.files.size, 2);
});

test('the context can be given; confDir can be given', () => {
  const host = new MemoryHost({ '/ws/x/snippet.conf': 'include y.conf;', '/ws/conf/y.conf': 'gzip on;' });
  const config = loadNginxConfig(host, '/ws/x/snippet.conf', { context: 'location', confDir: '/ws/conf' });
  assert.equal(config.context, 'location');
  assert.deepEqual(resolved(config), ['y.conf -> /ws/conf/y.conf']);
});

test('includes inside map blocks are loaded (their entries are data, not directives)', () => {
  const host = new MemoryHost({ '/ws/nginx.conf': 'events {}\nhttp { map $uri $x { include map.txt; } }', '/ws/map.txt': '/a 1;\n/b 2;' });
  const config = loadNginxConfig(host, '/ws/nginx.conf');
  const [[d, files]] = [...config.includes] as Array<[Directive, unknown[]]>;
  assert.equal(d.args[0].value, 'map.txt');
  assert.equal(files.length, 1);
});

test('the search for a workspace nginx.conf stops at the workspace root', () => {
  const host = new MemoryHost({ '/ws/nginx.conf': 'events {}', '/ws/proj/site.conf': 'server { include x.conf; }' });
  assert.deepEqual(findings(loadNginxConfig(host, '/ws/proj/site.conf')), ['nginx-include-missing@proj/site.conf:error']);
  assert.deepEqual(findings(loadNginxConfig(host, '/ws/proj/site.conf', { workspaceRoot: '/ws/proj' })), ['nginx-include-missing@proj/site.conf:hint']);
});
