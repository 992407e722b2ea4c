// The nginx grammar against the conformance corpus (real configs with real `nginx -t` verdicts,
// see /work/shared/corpus/nginx/README.md): on every config nginx accepted, each block the
// grammar opens is closed again by the end of the file, no token is flagged as illegal, and every
// directive is one nginx knows; where nginx rejected a config with `unknown directive "X"` and X
// is not a documented directive (newer versions document `http2`, and modules such as perl are
// documented but not built into Debian's nginx), the grammar shows X as unknown on that line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDirectives } from '@nginx/reference-lib';
import { tokenize } from './textmate';
import { CORPUS_DIR } from '../../helpers/shared';

const corpus = CORPUS_DIR;
const available = existsSync(join(corpus, 'index.json'));

interface Case {
  id: string;
  main: string;
  verdict: 'valid' | 'invalid' | 'env';
  nginx_error: { message: string; file: string | null; line: number | null } | null;
}

const cases: Case[] = available ? JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8')) : [];

test('valid corpus configs: balanced, nothing illegal, no unknown directive', { skip: !available && `no corpus at ${corpus}` }, async () => {
  const valid = cases.filter((c) => c.verdict === 'valid');
  assert.ok(valid.length > 500, `only ${valid.length} valid cases`);
  const problems: string[] = [];
  let lines = 0;
  const start = performance.now();
  for (const c of valid) {
    const text = readFileSync(join(corpus, c.main), 'utf8');
    const t = await tokenize('source.nginx', text);
    lines += t.lines.length;
    if (t.endDepth !== 1) problems.push(`${c.main}: ${t.endDepth - 1} rule(s) still open at the end`);
    t.lines.forEach((line, i) => {
      for (const tok of line) {
        const bad = tok.scopes.find((s) => s.startsWith('invalid.') || s.includes('.unknown.'));
        if (bad) problems.push(`${c.main}:${i + 1}: ${JSON.stringify(tok.text)} is ${bad}`);
      }
    });
  }
  const ms = performance.now() - start;
  assert.deepEqual(problems, []);
  // The editor tokenizes visible lines on every keystroke; typical is ~0.02 ms per line. The bound is
  // loose on purpose (a loaded 2-core CI machine): it catches catastrophic regex backtracking, not noise.
  assert.ok(ms / lines < 1, `${(ms / lines).toFixed(3)} ms per line over ${lines} lines`);
});

test('configs nginx rejects with `unknown directive "X"` show X as unknown on that line', { skip: !available && `no corpus at ${corpus}` }, async () => {
  const documented = new Set(getDirectives().map((d) => d.name));
  const rejected = cases.filter((c) => {
    const m = c.nginx_error?.file ? /^unknown directive "(.*)"$/.exec(c.nginx_error.message) : null;
    return m && !documented.has(m[1]);
  });
  assert.ok(rejected.length >= 5, `only ${rejected.length} cases`);
  const misses: string[] = [];
  for (const c of rejected) {
    const name = /^unknown directive "(.*)"$/.exec(c.nginx_error!.message)![1];
    const file = join(corpus, c.id.split('/')[0], c.id.split('/').slice(1).join('/'), c.nginx_error!.file!);
    if (!existsSync(file)) continue;
    const t = await tokenize('source.nginx', readFileSync(file, 'utf8'));
    const line = t.lines[c.nginx_error!.line! - 1] ?? [];
    // nginx reports the line where the statement ends; the name may sit a few lines above.
    const near = t.lines.slice(Math.max(0, c.nginx_error!.line! - 4), c.nginx_error!.line!).flat().concat(line);
    const tok = near.find((x) => x.text === name);
    const ok = tok?.scopes.some((s) => s === 'entity.name.function.directive.unknown.nginx' || s === 'keyword.other.directive.lua.nginx');
    if (!ok) misses.push(`${c.id}: ${name} -> ${tok ? tok.scopes.join(' ') : 'no such token'}`);
  }
  assert.deepEqual(misses, []);
});
