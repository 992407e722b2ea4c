/**
 * Every finding code the project emits has its page `docs/rules/<code>.md` (what it catches, why it
 * matters, how to fix, an example), with the default severity of the code's table; and every page
 * belongs to a code that still exists. The codes are the rule and nginx tables plus every code
 * literal in the core's sources, so a new code without a page fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../server/src/checks/index';
import { NGINX_CODES } from '../../../server/src/nginx/codes';
import { WSGI_CODES } from '../../../server/src/project/app/wsgiFindings';

const repo = join(__dirname, '..', '..', '..');
const docs = join(repo, 'docs', 'rules');

/** Literals that look like codes but name other things, where the pattern below cannot tell (a file kind in a ternary). */
const NOT_CODES = new Set(['gunicorn-config']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function emittedCodes(): Set<string> {
  const codes = new Set<string>(['deploylens-internal', ...Object.keys(NGINX_CODES), ...RULES.map((r) => r.id), ...Object.values(WSGI_CODES)]);
  for (const area of ['nginx', 'gunicorn', 'project', 'checks', 'python']) {
    for (const file of sourceFiles(join(repo, 'server', 'src', area))) {
      // Not in comparisons, returns, unions or outcome/kind fields: those name file kinds and outcomes.
      for (const m of readFileSync(file, 'utf8').matchAll(/(?<!(?:===|!==|case|return|\||outcome:|kind:)\s*)'((?:nginx|gunicorn|wsgi|django|flask)-[a-z0-9]+(?:-[a-z0-9]+)*)'/g)) {
        if (!NOT_CODES.has(m[1])) codes.add(m[1]);
      }
    }
  }
  return codes;
}

const severities = new Map<string, string>([...Object.entries(NGINX_CODES).map(([k, v]) => [k, v.severity] as [string, string]), ...RULES.map((r) => [r.id, r.severity] as [string, string])]);

test('every emitted code has a rule page with the four sections and its severity', () => {
  const missing: string[] = [];
  for (const code of [...emittedCodes()].sort()) {
    const page = join(docs, `${code}.md`);
    if (!existsSync(page)) {
      missing.push(code);
      continue;
    }
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${code}\n`), `${code}.md must start with its code`);
    for (const h of ['## What it catches', '## Why it matters', '## How to fix', '## Example']) assert.ok(text.includes(h), `${code}.md lacks "${h}"`);
    assert.ok(/```[a-z]*\n[^`]+\n```/.test(text), `${code}.md has no example block`);
    const sev = severities.get(code);
    if (sev) assert.match(text, new RegExp(`Default severity: \\*\\*${sev}\\*\\*`), `${code}.md must give the default severity ${sev}`);
  }
  assert.deepEqual(missing, [], 'codes without a page in docs/rules');
});

test('every rule page belongs to a code that exists, and the index lists it', () => {
  const codes = emittedCodes();
  const index = readFileSync(join(docs, 'README.md'), 'utf8');
  for (const name of readdirSync(docs)) {
    if (name === 'README.md') continue;
    const code = name.replace(/\.md$/, '');
    assert.ok(codes.has(code), `docs/rules/${name} documents no code the project emits`);
    assert.ok(index.includes(`(${code}.md)`), `README.md does not list ${code}`);
  }
});
