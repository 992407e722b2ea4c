// The committed grammar JSON must be what scripts/build-grammars.mjs makes from the YAML sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './textmate';

const script = new URL('scripts/build-grammars.mjs', repoRoot).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

test('syntaxes/*.tmLanguage.json are up to date with their YAML sources', () => {
  const r = run('--check');
  assert.equal(r.status, 0, `stale grammar JSON, run node scripts/build-grammars.mjs\n${r.stderr}`);
});

test('--check fails on a stale or missing JSON file and a rebuild fixes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-grammars-'));
  try {
    cpSync(new URL('syntaxes/', repoRoot).pathname, dir, { recursive: true });
    const nginx = join(dir, 'nginx.tmLanguage.json');
    writeFileSync(nginx, readFileSync(nginx, 'utf8').replace('keyword.other.directive.nginx', 'keyword.other.edited.nginx'));
    rmSync(join(dir, 'systemd-unit.tmLanguage.json'));
    const stale = run('--check', '--dir', dir);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /nginx\.tmLanguage\.json is stale/);
    assert.match(stale.stderr, /systemd-unit\.tmLanguage\.json is stale/);
    assert.equal(run('--dir', dir).status, 0);
    assert.equal(run('--check', '--dir', dir).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the generated JSON says it is generated and has the expected scope names', () => {
  for (const [file, scope] of [
    ['nginx.tmLanguage.json', 'source.nginx'],
    ['systemd-unit.tmLanguage.json', 'source.systemd'],
  ]) {
    const g = JSON.parse(readFileSync(new URL(`syntaxes/${file}`, repoRoot), 'utf8'));
    assert.equal(g.scopeName, scope);
    assert.match(g.information_for_contributors.join(' '), /generated .* Do not edit/);
    assert.equal(g.variables, undefined, 'variables are substituted, not shipped');
    assert.doesNotMatch(JSON.stringify(g), /\{\{\w+\}\}/, 'no unsubstituted {{variable}}');
  }
});
