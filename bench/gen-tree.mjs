#!/usr/bin/env node
// Generates a realistic nginx configuration tree for benchmarks: an nginx.conf whose http block
// includes sites-enabled/*, and a few hundred site files (upstreams, maps, servers, locations with
// prefixes and regexes, ifs, comments, quoted strings). The tree is valid for a real nginx run as
// non-root (`nginx -T -p DIR -c DIR/nginx.conf`): pid, logs and temp paths live under DIR, ports are
// high, upstreams are local addresses or unix sockets (never checked by `-t`).
//
// Usage: node bench/gen-tree.mjs [DIR] [--lines N]   (defaults: a new temp dir, 100000 lines)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of one site file, number `i`: about 60-120 lines, varying with `i`. */
function siteText(i) {
  // A few shared ports (name-based virtual hosts), so nginx needs few listening sockets.
  const port = 28080 + 2 * (i % 4);
  const host = `site${i}.example.test`;
  const lines = [
    `# ${host}: generated for the parser benchmark`,
    `# (site ${i}; upstream, map, two servers)`,
    `upstream app_${i} {`,
    `    server unix:/run/gunicorn/app_${i}.sock fail_timeout=0;`,
    `    server 127.0.0.1:${port} backup;`,
    `    keepalive 8;`,
    `}`,
    ``,
    `map $http_upgrade $connection_upgrade_${i} {`,
    `    default upgrade;`,
    `    ''      close;`,
    `    "~*^websocket$" upgrade;`,
    `}`,
    ``,
    `server {`,
    `    listen 127.0.0.1:${port};`,
    `    server_name ${host} www.${host};`,
    `    return 301 https://$host$request_uri;`,
    `}`,
    ``,
    `server {`,
    `    listen 127.0.0.1:${port + 1}${i < 4 ? ' default_server' : ''};`,
    `    server_name "${host}";`,
    `    root /srv/app_${i}/public;`,
    `    index index.html;`,
    `    client_max_body_size 10m;  # uploads`,
    `    add_header X-Frame-Options "SAMEORIGIN" always;`,
    `    add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:" always;`,
    ``,
    `    location /static/ {`,
    `        alias /srv/app_${i}/static/;`,
    `        expires 30d;`,
    `        access_log off;`,
    `    }`,
    ``,
    `    location = /favicon.ico { log_not_found off; access_log off; }`,
    ``,
    `    location ~* \\.(?:css|js|png|jpe?g|gif|svg|woff2?)$ {`,
    `        try_files $uri =404;`,
    `        add_header Cache-Control "public, max-age=31536000, immutable";`,
    `    }`,
    ``,
    `    location ^~ /media/ {`,
    `        alias /srv/app_${i}/media/;`,
    `    }`,
  ];
  const apis = 2 + (i % 6);
  for (let k = 0; k < apis; k++) {
    lines.push(
      ``,
      `    # API ${k}`,
      `    location /api/v${k}/ {`,
      `        proxy_set_header Host $host;`,
      `        proxy_set_header X-Real-IP $remote_addr;`,
      `        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
      `        proxy_set_header X-Forwarded-Proto $scheme;`,
      `        proxy_set_header Upgrade $http_upgrade;`,
      `        proxy_set_header Connection $connection_upgrade_${i};`,
      `        proxy_read_timeout ${30 + k}s;`,
      `        if ($request_method = "OPTIONS") {`,
      `            return 204;`,
      `        }`,
      `        proxy_pass http://app_${i};`,
      `    }`,
    );
  }
  lines.push(
    ``,
    `    location ~ ^/legacy/(\\d+)/(.*)$ {`,
    `        rewrite "^/legacy/(\\d{1,4})/(.*)$" /new/$1/$2 permanent;`,
    `    }`,
    ``,
    `    location / {`,
    `        try_files $uri @app;`,
    `    }`,
    ``,
    `    location @app {`,
    `        proxy_pass http://app_${i};`,
    `        proxy_redirect off;`,
    `    }`,
    `}`,
    ``,
  );
  return lines.join('\n');
}

/** The main nginx.conf for `dir`. */
function mainText(dir) {
  return [
    `# Benchmark tree: everything lives under the prefix, so nginx can run as non-root.`,
    `worker_processes 1;`,
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/logs/error.log;`,
    ``,
    `events {`,
    `    worker_connections 1024;`,
    `}`,
    ``,
    `http {`,
    `    types {`,
    `        text/html html htm;`,
    `        text/css css;`,
    `        application/javascript js;`,
    `        image/png png;`,
    `    }`,
    `    default_type application/octet-stream;`,
    `    log_format main '$remote_addr - $remote_user [$time_local] "$request" '`,
    `                    '$status $body_bytes_sent "$http_referer"';`,
    `    access_log ${dir}/logs/access.log main;`,
    `    client_body_temp_path ${dir}/tmp/body;`,
    `    proxy_temp_path ${dir}/tmp/proxy;`,
    `    fastcgi_temp_path ${dir}/tmp/fastcgi;`,
    `    uwsgi_temp_path ${dir}/tmp/uwsgi;`,
    `    scgi_temp_path ${dir}/tmp/scgi;`,
    `    server_names_hash_bucket_size 128;`,
    `    server_names_hash_max_size 65536;`,
    `    variables_hash_max_size 65536;`,
    `    map_hash_bucket_size 128;`,
    `    include sites-enabled/*;`,
    `}`,
    ``,
  ].join('\n');
}

/**
 * Writes the tree into `dir` (created if needed) with about `lines` lines in total.
 * Returns the list of written config files (absolute paths, nginx.conf first) and the line count.
 */
export function generateTree(dir, lines = 100_000) {
  mkdirSync(join(dir, 'sites-enabled'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const main = join(dir, 'nginx.conf');
  const mainConf = mainText(dir);
  writeFileSync(main, mainConf);
  const files = [main];
  let total = mainConf.split('\n').length;
  for (let i = 0; total < lines; i++) {
    const text = siteText(i);
    const file = join(dir, 'sites-enabled', `site${String(i).padStart(4, '0')}.conf`);
    writeFileSync(file, text);
    files.push(file);
    total += text.split('\n').length;
  }
  return { files, lines: total };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const li = args.indexOf('--lines');
  const lines = li >= 0 ? Number(args[li + 1]) : 100_000;
  const dir = args[0] && !args[0].startsWith('--') ? args[0] : mkdtempSync(join(tmpdir(), 'deploylens-bench-'));
  const { files, lines: n } = generateTree(dir, lines);
  console.log(`${dir}: ${files.length} files, ${n} lines`);
}
