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

/** Errors and warnings only: the example keeps one information finding on purpose (see below). */
const problems = (stdout: string) => JSON.parse(stdout).diagnostics.filter((d: { severity: string }) => d.severity === 'error' || d.severity === 'warning');

test('check on the example workspace is clean (exit 0): no error, no warning', () => {
  const r = runCli(['check', example, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  // The tutorial layout lives in /home/ubuntu, which Ubuntu >= 21.04 makes 0750: DeployLens says so
  // as information (the server's file modes are not in the repository).
  assert.deepEqual(
    JSON.parse(r.stdout).diagnostics.map((d: { code: string; severity: string }) => `${d.severity} ${d.code}`),
    ['information home-dir-permission'],
  );
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
        line: 13,
        column: 9,
        endLine: 13,
        endColumn: 15,
        severity: 'error',
        code: 'nginx-unknown-directive',
        message: 'unknown directive "allias"; did you mean "alias"?',
      },
    ]);
    const text = runCli(['check', dir]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /myproject:13:9: error nginx-unknown-directive: unknown directive "allias"/);
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
    assert.equal(JSON.parse(r.stdout).diagnostics.find((d: { code: string }) => d.code === 'nginx-unknown-directive').severity, 'warning');
    rmSync(join(dir, 'deploylens.json'));
    const file = join(dir, site);
    writeFileSync(file, readFileSync(file, 'utf8').replace('        allias', '        # deploylens-disable-next-line nginx-unknown-directive\n        allias'));
    const s = runCli(['check', dir, '--format', 'json']);
    assert.equal(s.status, 0, s.stdout);
    assert.deepEqual(problems(s.stdout), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--format sarif is SARIF 2.1.0 with rules, locations and fixes', () => {
  const dir = brokenCopy((t) => t.replace('unix:/run/myproject/gunicorn.sock', 'unix:/tmp/other.sock'));
  try {
    const r = runCli(['check', dir, '--format', 'sarif']);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'proxy-target-not-bound');
    assert.match(rule.helpUri, /docs\/rules\/proxy-target-not-bound\.md$/);
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'proxy-target-not-bound');
    assert.equal(result.level, 'error');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'proxy-target-not-bound');
    const loc = result.locations[0].physicalLocation;
    assert.deepEqual([loc.artifactLocation.uri, loc.region.startLine], [site, 18]);
    assert.equal(result.fixes[0].description.text, 'Point nginx at unix:/run/myproject/gunicorn.sock');
    assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '/run/myproject/gunicorn.sock');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix applies the unambiguous fix in place, reports it, and the workspace is clean after', () => {
  const dir = brokenCopy((t) => t.replace('unix:/run/myproject/gunicorn.sock', 'unix:/tmp/other.sock'));
  try {
    const before = readFileSync(join(dir, site), 'utf8');
    const r = runCli(['check', dir, '--fix']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /myproject:18:\d+: fixed proxy-target-not-bound: Point nginx at unix:\/run\/myproject\/gunicorn\.sock/);
    const after = readFileSync(join(dir, site), 'utf8');
    assert.equal(after, before.replace('/tmp/other.sock', '/run/myproject/gunicorn.sock'), 'nothing else changed');
    assert.deepEqual(problems(runCli(['check', dir, '--format', 'json']).stdout), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--rule overrides severities and --max-warnings fails on too many warnings', () => {
  const dir = brokenCopy((t) => t.replace('alias /home', 'allias /home'));
  try {
    const asWarning = runCli(['check', dir, '--rule', 'nginx-unknown-directive=warning', '--format', 'json']);
    assert.equal(asWarning.status, 0);
    assert.equal(problems(asWarning.stdout)[0].severity, 'warning');
    assert.equal(runCli(['check', dir, '--rule', 'nginx-unknown-directive=warning', '--max-warnings', '0']).status, 1);
    assert.equal(runCli(['check', dir, '--rule', 'nginx-unknown-directive=warning', '--max-warnings', '1']).status, 0);
    assert.equal(runCli(['check', dir, '--rule', 'nginx-unknown-directive=off', '--format', 'json']).stdout.includes('allias'), false);
    assert.equal(runCli(['check', dir, '--rule', 'nope']).status, 2);
    assert.equal(runCli(['check', dir, '--max-warnings', 'x']).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage and internal problems exit 2 with one line on stderr', () => {
  for (const args of [['check'], ['check', '/no/such/path'], ['check', example, '--format', 'xml'], ['check', example, '--bogus'], ['frobnicate'], ['constructor'], ['__proto__'], []]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.trim().length > 0 || r.stdout.includes('usage'), args.join(' '));
    assert.doesNotMatch(r.stderr, /internal error/, args.join(' '));
  }
});

test('check piped into a reader that stops early (| head) ends quietly with its own exit code', async () => {
  // A workspace with many findings: more output than a pipe buffer holds, so writes go on after the reader left.
  const dir = mkdtempSync(join(tmpdir(), 'deploylens-cli-pipe-'));
  try {
    const servers = Array.from({ length: 3000 }, (_, i) => `server { listen 127.0.0.1:${10000 + i}; server_tokens on; }`).join('\n');
    writeFileSync(join(dir, 'nginx.conf'), `events {}\nhttp {\n${servers}\n}\n`);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read the first chunk, then close our end, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '', 'nothing on stderr');
    // 3000 warnings, no error: the command's own exit code.
    assert.equal(code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
