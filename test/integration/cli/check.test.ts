import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from '../../helpers/cli';

const example = join(repoRoot, 'examples', 'pybo');
const site = 'deploy/nginx/sites-available/myproject';

function brokenCopy(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-cli-'));
  cpSync(example, dir, { recursive: true });
  const file = join(dir, site);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

test('check on the example workspace is clean (exit 0)', () => {
  const r = runCli(['check', example, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { diagnostics: [] });
});

test('check reports a typo with the JSON contract and exit 1', () => {
  const dir = brokenCopy((t) => t.replace('alias /home', 'allias /home'));
  try {
    const r = runCli(['check', dir, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const { diagnostics } = JSON.parse(r.stdout);
    assert.deepEqual(diagnostics, [
      {
        file: site,
        line: 10,
        column: 9,
        endLine: 10,
        endColumn: 15,
        severity: 'error',
        code: 'nginx-unknown-directive',
        message: 'unknown directive "allias"; did you mean "alias"?',
      },
    ]);
    const text = runCli(['check', dir]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /myproject:10:9: error nginx-unknown-directive: unknown directive "allias"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('settings and suppression comments change what check reports', () => {
  const dir = brokenCopy((t) => t.replace('alias /home', 'allias /home'));
  try {
    writeFileSync(join(dir, 'deploylens.json'), '{ "rules": { "nginx-unknown-directive": "warning" } }');
    const r = runCli(['check', dir, '--format', 'json']);
    assert.equal(r.status, 0, 'a warning is not an error');
    assert.equal(JSON.parse(r.stdout).diagnostics[0].severity, 'warning');
    rmSync(join(dir, 'deploylens.json'));
    const file = join(dir, site);
    writeFileSync(file, readFileSync(file, 'utf8').replace('        allias', '        # deploylens-disable-next-line nginx-unknown-directive\n        allias'));
    const s = runCli(['check', dir, '--format', 'json']);
    assert.equal(s.status, 0, s.stdout);
    assert.deepEqual(JSON.parse(s.stdout).diagnostics, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage and internal problems exit 2 with one line on stderr', () => {
  for (const args of [['check'], ['check', '/no/such/path'], ['check', example, '--format', 'xml'], ['frobnicate'], []]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.trim().length > 0 || r.stdout.includes('usage'), args.join(' '));
  }
});
