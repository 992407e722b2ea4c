/**
 * Property test of the static-file rules against nginx's mapping formulas, over every combination
 * of a static location (modifier, name, root/alias, path, a competing regex location; 192 shapes)
 * in front of a Flask app whose static folder is APP/pybo/static:
 * - `alias A` serves A + uri[len(L):], `root R` serves R + uri; a regex location (checked after
 *   the prefix, unless the prefix is `^~`) takes the request when it matches;
 * - when the formula says /static/style.css opens the right file, no static rule reports an error;
 *   when the static location answers with the wrong file, one does; a regex that takes the
 *   request is `static-shadowed-by-regex`; `location /x` + `alias .../` is always the traversal;
 * - every fix of a static rule edits only its finding (or inserts a modifier), and applying it
 *   removes the finding.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import type { Finding, Fix } from '../../../server/src/common/diagnostics';
import { checkPath } from '../../../server/src/project/check';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';

before(async () => {
  await loadPython();
});

const APP = '/home/u/app';
const STATIC = `${APP}/pybo/static`;
const SITE = '/ws/etc/nginx/sites-available/app';
const BASE: Record<string, string> = {
  [`/ws${APP}/pybo/__init__.py`]: "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
  [`/ws${APP}/pybo/static/style.css`]: 'body {}\n',
  '/ws/etc/systemd/system/app.service': `[Service]\nUser=u\nGroup=www-data\nWorkingDirectory=${APP}\nExecStart=/v/bin/gunicorn --bind unix:/run/app/g.sock "pybo:create_app()"\n`,
};
const STATIC_CODES = ['static-alias-no-slash', 'static-root-as-alias', 'static-dir-mismatch', 'static-alias-traversal', 'static-shadowed-by-regex', 'static-not-served'];

interface Shape {
  modifier: '' | '^~';
  pattern: string;
  directive: 'alias' | 'root';
  path: string;
  regex: boolean;
}

/** Every shape (the space is small enough to check exhaustively). */
function shapes(): Shape[] {
  const out: Shape[] = [];
  for (const modifier of ['', '^~'] as const)
    for (const pattern of ['/static', '/static/', '/assets/'])
      for (const directive of ['alias', 'root'] as const)
        for (const path of [STATIC, `${STATIC}/`, `${APP}/pybo`, `${APP}/pybo/`, `${APP}/static`, `${APP}/static/`, APP, '/srv/other'])
          for (const regex of [false, true]) out.push({ modifier, pattern, directive, path, regex });
  return out;
}

function siteText(s: Shape): string {
  const loc = `    location ${s.modifier ? s.modifier + ' ' : ''}${s.pattern} {\n        ${s.directive} ${s.path};\n    }\n`;
  const regex = s.regex ? '    location ~* \\.css$ {\n        expires 30d;\n    }\n' : '';
  return `server {\n    listen 80;\n    server_name example.com;\n${loc}${regex}    location / {\n        include proxy_params;\n        proxy_pass http://unix:/run/app/g.sock;\n    }\n}\n`;
}

/** What nginx does with /static/style.css: the file it opens, or who else answers. */
function oracle(s: Shape): 'right' | 'wrong' | 'regex' | 'proxied' {
  const uri = '/static/style.css';
  if (!uri.startsWith(s.pattern)) return s.regex ? 'regex' : 'proxied';
  if (s.regex && s.modifier !== '^~') return 'regex';
  const file = s.directive === 'alias' ? s.path + uri.slice(s.pattern.length) : s.path + uri;
  return posix.normalize(file) === `${STATIC}/style.css` ? 'right' : 'wrong';
}

function apply(host: MemoryHost, fix: Fix): MemoryHost {
  const out = new MemoryHost();
  for (const p of host.paths()) out.set(p, host.readFile(p)!);
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) {
    const t = out.readFile(e.file)!;
    out.set(e.file, t.slice(0, e.start) + e.newText + t.slice(e.end));
  }
  return out;
}

function confined(host: MemoryHost, f: Finding, fix: Fix): boolean {
  return fix.edits.every((e) => {
    const old = host.readFile(e.file)!.slice(e.start, e.end);
    const inFinding = e.file === f.file && f.start <= e.start && e.end <= f.end;
    return old === '' ? !/[;{}]/.test(e.newText) || e.newText.endsWith('\n') : inFinding || !/[\s;{}]/.test(old);
  });
}

test('static rules agree with nginx\'s mapping formulas; their fixes are confined and work', () => {
  let fixes = 0;
  for (const s of shapes()) {
    {
      const host = new MemoryHost({ ...BASE, [SITE]: siteText(s) });
      const label = siteText(s).split('\n').slice(3, 9).join(' ').replace(/\s+/g, ' ');
      const findings = checkPath(host, '/ws', defaultSettings).findings.filter((f) => STATIC_CODES.includes(f.code));
      const errors = findings.filter((f) => f.severity === 'error' && f.code !== 'static-alias-traversal');
      const traversal = s.directive === 'alias' && !s.pattern.endsWith('/') && s.path.endsWith('/');
      assert.equal(findings.some((f) => f.code === 'static-alias-traversal'), traversal, `the traversal rule for ${label}`);
      const o = oracle(s);
      if (o === 'right' || o === 'proxied') assert.deepEqual(errors.map((f) => f.code), [], `${o}: no static error for ${label}`);
      if (o === 'wrong') assert.ok(errors.length > 0, `the static location opens the wrong file: an error for ${label}`);
      if (o === 'regex' && s.pattern !== '/assets/') assert.ok(findings.some((f) => f.code === 'static-shadowed-by-regex'), `the regex takes the request: ${label}`);
      for (const f of findings) {
        // The regex variants repeat the fixes of the others; apply only the one of their own rule.
        if (s.regex && f.code !== 'static-shadowed-by-regex') continue;
        for (const fix of f.fixes ?? []) {
          fixes++;
          assert.ok(confined(host, f, fix), `"${fix.title}" edits outside ${f.code}`);
          const after = checkPath(apply(host, fix), '/ws', defaultSettings).findings;
          assert.ok(!after.some((x) => x.code === f.code && x.file === f.file), `"${fix.title}" leaves ${f.code}`);
        }
      }
    }
  }
  assert.ok(fixes > 50, `only ${fixes} fixes applied`);
});
