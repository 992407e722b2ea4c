/**
 * Workspaces for the renderer's tests and bench/render.mjs: the example deployment (examples/pybo)
 * in memory, optionally edited, and a generated one with N nginx locations (prefix, ^~ static
 * aliases, exact, regex, nested) in front of one gunicorn unit and a Flask app.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';

/** The example workspace under `/ws`, each file passed through `edit`. */
export function exampleWorkspace(edit: (path: string, text: string) => string = (_p, t) => t): MemoryHost {
  const host = new MemoryHost();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}/${name}`);
      else host.set(`/ws${rel}/${name}`, edit(`/ws${rel}/${name}`, readFileSync(p, 'utf8')));
    }
  };
  walk(join(__dirname, '..', '..', '..', 'examples', 'pybo'), '');
  return host;
}

/** The nginx site of a generated workspace with `n` locations. */
export function generatedSite(n: number): string {
  const lines = ['server {', '    listen 80;', '    server_name gen.example.com;', '    location / {', '        proxy_pass http://unix:/run/gen/gunicorn.sock;', '    }'];
  for (let i = 1; i < n; i++) {
    switch (i % 5) {
      case 0:
        lines.push(`    location ^~ /assets${i}/ {`, `        alias /srv/gen/app/static/part${i % 7}/;`, '    }');
        break;
      case 1:
        lines.push(`    location /api${i}/ {`, '        proxy_pass http://unix:/run/gen/gunicorn.sock;', '    }');
        break;
      case 2:
        lines.push(`    location = /page${i} {`, '        return 301 /;', '    }');
        break;
      case 3:
        lines.push(`    location ~ ^/r${i}/(\\d+)$ {`, '        proxy_pass http://127.0.0.1:8000;', '    }');
        break;
      default:
        lines.push(`    location /docs${i}/ {`, '        root /srv/gen/docs;', `        location /docs${i}/img/ { alias /srv/gen/app/static/part${i % 7}/; }`, '    }');
    }
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** A workspace under `/ws` with a generated site of `n` locations, a gunicorn unit and a Flask app. */
export function generatedWorkspace(n: number): MemoryHost {
  const host = new MemoryHost();
  host.set('/ws/deploy/nginx/sites-available/gen', generatedSite(n));
  host.set(
    '/ws/deploy/systemd/gen.service',
    '[Service]\nUser=www-data\nWorkingDirectory=/srv/gen\nRuntimeDirectory=gen\nExecStart=/srv/venv/bin/gunicorn --workers 3 --bind unix:/run/gen/gunicorn.sock app:app\n',
  );
  host.set('/ws/app.py', 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    return "hi"\n');
  for (let p = 0; p < 7; p++) host.set(`/ws/static/part${p}/file${p}.css`, 'body {}\n');
  return host;
}
