// The deployment checker against the real stack (issue 5, acceptance). Every workspace (the
// working tutorial shapes of test/fixtures/stack and their broken variants, cases.ts) is deployed
// for real: Debian's gunicorn started as its launcher says, Debian's nginx with its site, curl for
// the app's static files, pages and a /static../ traversal. Working (every request as the app
// intends) must mean `deploylens check` reports no error; broken must mean an error on the line
// that breaks it. For socket, alias/root and target breaks, each quick fix the checker offers is
// applied to a copy: the checker must then be clean and the stack must serve.
import { test, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BASES } from './bases';
import { CASES, type StackCase } from './cases';
import { applyFix, cliCheck, describeDiagnostics, inProcessCheck, type CliDiagnostic } from './checker';
import { deployAndObserve, describeObservation, type Observation } from './deploy';
import { judge, type Verdict } from './judge';
import { stopAll } from './processes';
import { materialize } from './workspace';
import type { Fix } from '../../../server/src/common/diagnostics';

const missingTool = ['/usr/sbin/nginx', '/usr/bin/gunicorn', '/usr/bin/curl', '/usr/bin/python3'].find((p) => !existsSync(p));
const skipAll = missingTool ? `${missingTool} is not installed` : process.getuid?.() !== 0 ? 'needs root (nginx workers as www-data, Group= applied to gunicorn)' : false;
const canUnshare = !skipAll && spawnSync('/usr/bin/unshare', ['-m', 'true']).status === 0;
const hasIpv6 = !skipAll && spawnSync(process.execPath, ['-e', "require('net').createServer().listen(0,'::1',function(){this.close()}).on('error',()=>process.exit(1))"]).status === 0;

interface Row {
  id: string;
  stack: 'working' | 'broken';
  verdict: Verdict;
}
const rows: Row[] = [];
const fixRows: Array<{ id: string; title: string; ok: boolean }> = [];
const temps: string[] = [];

after(async () => {
  await stopAll();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
  if (rows.length === 0) return;
  const agree = rows.filter((r) => r.verdict.agree);
  const working = rows.filter((r) => r.stack === 'working').length;
  const warnings = agree.filter((r) => r.verdict.kind === 'agree (warning)').length;
  console.log(
    `stack agreement: ${rows.length} workspaces (${working} working, ${rows.length - working} broken), ${agree.length} agree` +
      (warnings ? ` (${warnings} of them through a warning, as the issue rates rules 6, 7 and 11)` : '') +
      `, ${rows.length - agree.length} disagree; quick fixes: ${fixRows.length} applied, ${fixRows.filter((f) => f.ok).length} clean and serving`,
  );
  for (const r of rows.filter((x) => !x.verdict.agree)) console.log(`  disagree: ${r.id} (${r.verdict.kind})`);
  for (const f of fixRows.filter((x) => !x.ok)) console.log(`  fix failed: ${f.id}: ${f.title}`);
});

function skipReason(c: StackCase): string | false {
  if (c.needs === 'unshare' && !canUnshare) return 'unshare -m is not permitted here (PrivateTmp= is emulated with a mount namespace)';
  if (c.needs === 'ipv6' && !hasIpv6) return 'no IPv6 loopback on this machine';
  return false;
}

function specOf(c: StackCase) {
  const base = BASES.find((b) => b.name === c.base);
  if (!base) throw new Error(`${c.id}: unknown base ${c.base}`);
  return base.spec;
}

function explain(c: StackCase, o: Observation, ds: CliDiagnostic[], at: Array<{ file: string; line: number }>, v: Verdict): string {
  const where = at.map((a) => `${a.file}:${a.line}`).join(', ');
  const want = o.working ? 'no error' : `an error${c.severity ? ' (or a warning)' : ''} at ${where}`;
  return `${c.id} (${c.what}): ${v.kind}\n  stack: ${o.working ? 'working' : 'broken'}: ${describeObservation(o)}\n  checker: ${describeDiagnostics(ds)}\n  wanted: ${want}`;
}

test('deploylens check agrees with the real nginx + gunicorn + Flask/Django stack', { skip: skipAll, concurrency: 2 }, async (t) => {
  await Promise.all(
    CASES.map((c) =>
      t.test(c.id, { skip: skipReason(c) }, async (st) => {
        const ws = materialize(c);
        temps.push(ws.dir);
        const [o, ds] = await Promise.all([deployAndObserve(ws.dir, specOf(c)), cliCheck(ws.dir)]);
        assert.equal(o.working ? 'working' : 'broken', c.stack, `${c.id}: the case says the stack is ${c.stack}, but it was not: ${describeObservation(o)}\n${o.prepare}`);
        const verdict = judge(o.working, ds, ws.at, c.severity === 'warning');
        rows.push({ id: c.id, stack: c.stack, verdict });
        assert.ok(verdict.agree, explain(c, o, ds, ws.at, verdict));
        if (c.fix) await checkFixes(st, c, ws.dir, ws.at);
      }),
    ),
  );
});

/** Each distinct fix of the findings at the breaking lines, applied to its own copy: clean checker, serving stack. */
async function checkFixes(t: TestContext, c: StackCase, dir: string, at: Array<{ file: string; line: number }>): Promise<void> {
  const findings = await inProcessCheck(dir);
  const atLine = new Set(at.map((a) => `${a.file}:${a.line}`));
  const fixes = new Map<string, Fix>();
  for (const f of findings) {
    if (f.severity !== 'error' && !(c.severity && f.severity === 'warning')) continue;
    const line = readFileSync(f.file, 'utf8').slice(0, f.start).split('\n').length;
    if (!atLine.has(`${relative(dir, f.file)}:${line}`)) continue;
    for (const fix of f.fixes ?? []) fixes.set(JSON.stringify(fix.edits), fix);
  }
  const diags = fixes.size > 0 ? [] : await cliCheck(dir);
  assert.ok(fixes.size > 0, `${c.id}: the checker offers no quick fix for the break at ${[...atLine].join(', ')}: ${describeDiagnostics(diags)}`);
  for (const fix of fixes.values()) {
    await t.test(`fix: ${fix.title}`, async () => {
      const copy = mkdtempSync(join(tmpdir(), 'dls-fix-'));
      temps.push(copy);
      cpSync(dir, copy, { recursive: true });
      applyFix({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: e.file.startsWith(dir + '/') ? copy + e.file.slice(dir.length) : e.file })) });
      const [o, after] = await Promise.all([deployAndObserve(copy, specOf(c)), cliCheck(copy)]);
      const errors = after.filter((d) => d.severity === 'error');
      const ok = o.working && errors.length === 0;
      fixRows.push({ id: c.id, title: fix.title, ok });
      assert.ok(ok, `${c.id}: after the fix "${fix.title}": stack ${o.working ? 'working' : `broken: ${describeObservation(o)}`}; checker: ${describeDiagnostics(errors)}`);
    });
  }
}
