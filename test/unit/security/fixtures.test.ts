/**
 * The security rule fixtures (test/fixtures/security/<rule-id>/, see its README): every `bad*`
 * fixture gets a finding of the rule on exactly the lines marked `# !<rule-id>`, every `good*`
 * fixture none; where `<file>.fixed` exists, the rule's unambiguous fixes turn the file into it,
 * change nothing outside their ranges, and the fixed workspace no longer triggers the rule.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { LineIndex } from '../../../server/src/common/text';
import type { Finding } from '../../../server/src/common/diagnostics';
import { checkPath } from '../../../server/src/project/check';
import { applyEdits, chooseFixes } from '../../../server/src/project/fixes';
import { RULES } from '../../../server/src/checks/index';
import { SECURITY_RULES } from '../../../server/src/checks/security/index';
import { defaultSettings } from '../../../shared/src/settings';
import { loadPython } from '../../helpers/python';

const root = join(__dirname, '..', '..', 'fixtures', 'security');

before(async () => {
  await loadPython();
});

/** Every file under a path (the path itself when it is a file). */
function filesUnder(p: string): string[] {
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p).sort().flatMap((n) => filesUnder(join(p, n)));
}

/** The fixture loaded in memory (under the same absolute paths), `.fixed` files left out. */
function load(fixture: string): MemoryHost {
  const host = new MemoryHost();
  for (const f of filesUnder(fixture)) if (!f.endsWith('.fixed')) host.set(f, readFileSync(f, 'utf8'));
  return host;
}

/** `file:line` of every line marked for the rule. */
function marked(host: MemoryHost, rule: string): string[] {
  const out: string[] = [];
  for (const file of host.paths()) {
    const lines = (host.readFile(file) ?? '').split('\n');
    lines.forEach((line, i) => {
      if (line.includes(`# !${rule}`)) out.push(`${file}:${i + 1}`);
      if (line.trim() === `# !next ${rule}`) out.push(`${file}:${i + 2}`);
    });
  }
  return out.sort();
}

function lines(host: MemoryHost, findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${new LineIndex(host.readFile(f.file) ?? '').humanAt(f.start).line}`).sort();
}

function check(host: MemoryHost, target: string, rule: string): Finding[] {
  return checkPath(host, target, defaultSettings).findings.filter((f) => f.code === rule);
}

const ruleDirs = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory()).sort();

test('every security rule has fixtures that trigger it and fixtures that must not', () => {
  for (const r of SECURITY_RULES) {
    assert.ok(ruleDirs.includes(r.id), `no fixtures for ${r.id}`);
    const names = readdirSync(join(root, r.id));
    assert.ok(names.some((n) => n.startsWith('bad')), `no bad fixture for ${r.id}`);
    assert.ok(names.some((n) => n.startsWith('good')), `no good fixture for ${r.id}`);
  }
  for (const d of ruleDirs) assert.ok(RULES.some((r) => r.id === d), `fixtures for an unknown rule ${d}`);
});

for (const rule of ruleDirs) {
  for (const name of readdirSync(join(root, rule)).sort()) {
    if (name.endsWith('.fixed') || !/^(bad|good)/.test(name)) continue;
    const fixture = join(root, rule, name);
    test(`${rule}: ${name}`, () => {
      const host = load(fixture);
      const found = check(host, fixture, rule);
      const expected = name.startsWith('good') ? [] : marked(host, rule);
      if (name.startsWith('bad')) assert.ok(expected.length > 0, 'a bad fixture marks at least one line');
      assert.deepEqual(lines(host, found), expected, found.map((f) => f.message).join('\n'));
      for (const f of found) {
        assert.ok(f.message.length > 40, 'a message that explains');
        const text = host.readFile(f.file) ?? '';
        assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, 'range inside the file');
      }

      const fixedFiles = filesUnder(fixture).filter((f) => f.endsWith('.fixed'));
      if (fixedFiles.length === 0) return;
      const before = new Map(host.paths().map((p) => [p, host.readFile(p)!]));
      for (const { fix } of chooseFixes(found)) {
        const byFile = new Map<string, typeof fix.edits>();
        for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
        for (const [file, edits] of byFile) {
          const old = host.readFile(file)!;
          const { text, skipped } = applyEdits(old, edits);
          assert.equal(skipped.length, 0);
          // Outside the edited range the text is unchanged.
          const e = edits[0];
          if (edits.length === 1) {
            assert.equal(text.slice(0, e.start), old.slice(0, e.start));
            assert.equal(text.slice(e.start + e.newText.length), old.slice(e.end));
          }
          host.set(file, text);
        }
      }
      for (const f of fixedFiles) {
        const target = f.slice(0, -'.fixed'.length);
        assert.equal(host.readFile(target), readFileSync(f, 'utf8'), `${relative(root, target)} after the fixes`);
      }
      for (const [p, text] of before) if (!fixedFiles.includes(p + '.fixed')) assert.equal(host.readFile(p), text, `${relative(root, p)} is not touched`);
      const again = check(host, fixture, rule).filter((f) => fixedFiles.includes(f.file + '.fixed') && f.fixes?.length);
      assert.deepEqual(again.map((f) => f.message), [], 'no fixable finding is left after the fixes');
    });
  }
}

test('the fixtures folder has a README', () => {
  assert.ok(existsSync(join(root, 'README.md')));
});
