// The deployment checker against the real stack (issue 5, acceptance). Every workspace is deployed
// for real: Debian's gunicorn started as its launcher says, Debian's nginx with its site, curl for
// the app's static files, pages and a /static../ traversal. Working (every request as the app
// intends) must mean `deploylens check` reports no error; broken must mean an error on the line
// that breaks it. Two sources: the tutorial-shaped workspaces of test/fixtures/stack with their
// named variants (cases.ts), and the cross-check fixtures of test/fixtures/workspaces (case.json).
// For socket, alias/root and target breaks, each quick fix the checker offers is applied to a copy:
// the checker must then be clean and the stack must serve.
import { test, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BASES } from './bases';
import { CASES } from './cases';
import { applyFix, cliCheck, describeDiagnostics, inProcessCheck, type CliDiagnostic } from './checker';
import { deployAndObserve, describeObservation, observationText, type Observation, type StackSpec } from './deploy';
import { fixtureWorkspaces } from './fixtureWorkspaces';
import { judge, type Verdict } from './judge';
import { stopAll } from './processes';
import { linesOf, materialize, type Materialized } from './workspace';
import type { Fix } from '../../../server/src/common/diagnostics';

const missingTool = ['/usr/sbin/nginx', '/usr/bin/gunicorn', '/usr/bin/curl', '/usr/bin/python3'].find((p) => !existsSync(p));
const skipAll = missingTool ? `${missingTool} is not installed` : process.getuid?.() !== 0 ? 'needs root (nginx workers as www-data, Group= applied to gunicorn)' : false;
const canUnshare = !skipAll && spawnSync('/usr/bin/unshare', ['-m', 'true']).status === 0;
const hasIpv6 = !skipAll && spawnSync(process.execPath, ['-e', "require('net').createServer().listen(0,'::1',function(){this.close()}).on('error',()=>process.exit(1))"]).status === 0;

/** One deployment to compare, whatever its source. */
interface Entry {
  id: string;
  what: string;
  stack: 'working' | 'broken';
  warningCounts: boolean;
  fix: boolean;
  symptom?: RegExp;
  spec: StackSpec;
  skip: string | false;
  /** The workspace folder to deploy and check, and the lines an error must be on; `temp` when it may be deleted. */
  materialize(): Materialized & { temp: boolean };
}

function ownEntries(): Entry[] {
  return CASES.map((c) => {
    const base = BASES.find((b) => b.name === c.base);
    if (!base) throw new Error(`${c.id}: unknown base ${c.base}`);
    const skip = c.needs === 'unshare' && !canUnshare ? 'unshare -m is not permitted here (PrivateTmp= is emulated with a mount namespace)' : c.needs === 'ipv6' && !hasIpv6 ? 'no IPv6 loopback on this machine' : false;
    return { id: c.id, what: c.what, stack: c.stack, warningCounts: c.severity === 'warning', fix: c.fix === true, symptom: c.symptom, spec: c.requests ? { ...base.spec, requests: c.requests } : base.spec, skip, materialize: () => ({ ...materialize(c, base.dir), temp: true }) };
  });
}

function workspaceEntries(): Entry[] {
  return fixtureWorkspaces().map((w) => ({
    id: `workspaces/${w.name}`,
    what: w.about,
    stack: w.working ? 'working' : 'broken',
    warningCounts: w.warningCounts,
    fix: false,
    spec: w.spec ?? BASES[0]!.spec,
    skip: w.skip ?? (w.name.includes('private-tmp') && !canUnshare ? 'unshare -m is not permitted here' : false),
    // The fixture folder itself: deploying copies it, checking only reads it.
    materialize: () => ({ dir: w.dir, at: w.working ? [] : w.at.flatMap((ref) => linesOf(w.dir, ref).map((line) => ({ file: ref.file, line }))), temp: false }),
  }));
}

const ENTRIES = skipAll ? [] : [...ownEntries(), ...workspaceEntries()];

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
    `stack agreement: ${rows.length} workspaces deployed (${working} working, ${rows.length - working} broken), ${agree.length} agree` +
      (warnings ? ` (${warnings} of them through a warning, as the issue rates rules 6, 7 and 11)` : '') +
      `, ${rows.length - agree.length} disagree; quick fixes: ${fixRows.length} applied, ${fixRows.filter((f) => f.ok).length} clean and serving`,
  );
  for (const r of rows.filter((x) => !x.verdict.agree)) console.log(`  disagree: ${r.id} (${r.verdict.kind})`);
  for (const f of fixRows.filter((x) => !x.ok)) console.log(`  fix failed: ${f.id}: ${f.title}`);
});

function explain(e: Entry, o: Observation, ds: CliDiagnostic[], at: Array<{ file: string; line: number }>, v: Verdict): string {
  const where = at.map((a) => `${a.file}:${a.line}`).join(', ');
  const want = o.working ? 'no error' : `an error${e.warningCounts ? ' (or a warning)' : ''} at ${where}`;
  return `${e.id} (${e.what}): ${v.kind}\n  stack: ${o.working ? 'working' : 'broken'}: ${describeObservation(o)}\n  checker: ${describeDiagnostics(ds)}\n  wanted: ${want}`;
}

test('deploylens check agrees with the real nginx + gunicorn + Flask/Django stack', { skip: skipAll, concurrency: 4 }, async (t) => {
  await Promise.all(
    ENTRIES.map((e) =>
      t.test(e.id, { skip: e.skip }, async (st) => {
        const ws = e.materialize();
        if (ws.temp) temps.push(ws.dir);
        const [o, ds] = await Promise.all([deployAndObserve(ws.dir, e.spec), cliCheck(ws.dir)]);
        assert.equal(o.working ? 'working' : 'broken', e.stack, `${e.id}: the case says the stack is ${e.stack}, but it was not: ${describeObservation(o)}\n${o.prepare}`);
        if (e.symptom) assert.match(observationText(o), e.symptom, `${e.id}: the stack broke, but not as the case says: ${describeObservation(o)}`);
        const verdict = judge(o.working, ds, ws.at, e.warningCounts);
        rows.push({ id: e.id, stack: e.stack, verdict });
        assert.ok(verdict.agree, explain(e, o, ds, ws.at, verdict));
        if (e.fix) await checkFixes(st, e, ws.dir, ws.at);
      }),
    ),
  );
});

/** Each distinct fix of the findings at the breaking lines, applied to its own copy: clean checker, serving stack. */
async function checkFixes(t: TestContext, e: Entry, dir: string, at: Array<{ file: string; line: number }>): Promise<void> {
  const findings = await inProcessCheck(dir);
  const atLine = new Set(at.map((a) => `${a.file}:${a.line}`));
  const fixes = new Map<string, Fix>();
  for (const f of findings) {
    if (f.severity !== 'error' && !(e.warningCounts && f.severity === 'warning')) continue;
    const line = readFileSync(f.file, 'utf8').slice(0, f.start).split('\n').length;
    if (!atLine.has(`${relative(dir, f.file)}:${line}`)) continue;
    for (const fix of f.fixes ?? []) fixes.set(JSON.stringify(fix.edits), fix);
  }
  const diags = fixes.size > 0 ? [] : await cliCheck(dir);
  assert.ok(fixes.size > 0, `${e.id}: the checker offers no quick fix for the break at ${[...atLine].join(', ')}: ${describeDiagnostics(diags)}`);
  for (const fix of fixes.values()) {
    await t.test(`fix: ${fix.title}`, async () => {
      const copy = mkdtempSync(join(tmpdir(), 'dls-fix-'));
      temps.push(copy);
      cpSync(dir, copy, { recursive: true });
      applyFix({ ...fix, edits: fix.edits.map((x) => ({ ...x, file: x.file.startsWith(dir + '/') ? copy + x.file.slice(dir.length) : x.file })) });
      const [o, afterFix] = await Promise.all([deployAndObserve(copy, e.spec), cliCheck(copy)]);
      const errors = afterFix.filter((d) => d.severity === 'error');
      const ok = o.working && errors.length === 0;
      fixRows.push({ id: e.id, title: fix.title, ok });
      assert.ok(ok, `${e.id}: after the fix "${fix.title}": stack ${o.working ? 'working' : `broken: ${describeObservation(o)}`}; checker: ${describeDiagnostics(errors)}`);
    });
  }
}
