// Runs the security rules over real configurations: the valid cases of the nginx corpus
// (/work/shared/corpus/nginx) and the shared deployment fixtures (/work/shared/fixtures/*), each
// nginx file checked on its own the way `deploylens check <file>` does (an nginx-only model).
// Shared by corpus.test.ts (sanity bounds) and bench/fuzz-corpus counts in the report.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../server/src/common/diagnostics';
import { defaultSettings } from '../../../shared/src/settings';
import { NodeHost } from '../../../server/src/node/nodeHost';
import { loadNginxEntries, nginxOnlyModel, buildDeploymentModel } from '../../../server/src/project/model';
import { classifyFile } from '../../../server/src/project/discover';
import { runChecks } from '../../../server/src/checks/index';
import { SECURITY_RULES } from '../../../server/src/checks/security/index';
import { staticAliasTraversal } from '../../../server/src/checks/staticAliasTraversal';
import type { Rule } from '../../../server/src/checks/rule';
import { CORPUS_DIR, SHARED_FIXTURES as SHARED_FIXTURES_DIR } from '../../helpers/shared';

/** Where the corpus lives (override with DEPLOYLENS_NGINX_CORPUS). */
export { CORPUS_DIR };
/** The shared deployment fixtures. */
export const SHARED_FIXTURES = SHARED_FIXTURES_DIR;

/** The rules counted: the security rules and the alias traversal rule they extend. */
export const COUNTED_RULES: readonly Rule[] = [...SECURITY_RULES, staticAliasTraversal];

/** Findings of the counted rules for each checked unit (a corpus case or a fixture folder). */
export interface RuleCounts {
  units: number;
  /** rule id -> number of units with at least one finding of it. */
  unitsWithFinding: Map<string, number>;
  /** rule id -> number of findings. */
  findings: Map<string, number>;
  /** Every finding, by unit id. */
  byUnit: Map<string, Finding[]>;
  /** Rules that threw (runChecks turns that into a deploylens-internal finding). */
  internal: Finding[];
}

function count(into: RuleCounts, unit: string, findings: Finding[]): void {
  into.units++;
  into.byUnit.set(unit, findings);
  const ids = new Set<string>();
  for (const f of findings) {
    if (f.code === 'deploylens-internal') {
      into.internal.push(f);
      continue;
    }
    into.findings.set(f.code, (into.findings.get(f.code) ?? 0) + 1);
    ids.add(f.code);
  }
  for (const id of ids) into.unitsWithFinding.set(id, (into.unitsWithFinding.get(id) ?? 0) + 1);
}

function empty(): RuleCounts {
  return { units: 0, unitsWithFinding: new Map(), findings: new Map(), byUnit: new Map(), internal: [] };
}

/** The valid corpus cases, each main file checked alone. */
export function corpusCounts(rules: readonly Rule[] = COUNTED_RULES): RuleCounts {
  const out = empty();
  if (!existsSync(join(CORPUS_DIR, 'index.json'))) return out;
  const cases = JSON.parse(readFileSync(join(CORPUS_DIR, 'index.json'), 'utf8')) as Array<{ id: string; main: string; verdict: string }>;
  const host = new NodeHost();
  for (const c of cases) {
    if (c.verdict !== 'valid') continue;
    const main = join(CORPUS_DIR, c.main);
    const model = nginxOnlyModel(host, main, defaultSettings, loadNginxEntries(host, [main]), [{ path: main, kind: 'nginx' }]);
    count(out, c.id, runChecks(model, host, rules));
  }
  return out;
}

/** Each shared fixture folder checked as a workspace (the app and gunicorn files too). */
export function fixtureCounts(rules: readonly Rule[] = COUNTED_RULES): RuleCounts {
  const out = empty();
  if (!existsSync(SHARED_FIXTURES)) return out;
  const host = new NodeHost();
  for (const name of readdirSync(SHARED_FIXTURES).sort()) {
    const dir = join(SHARED_FIXTURES, name);
    if (!statSync(dir).isDirectory()) continue;
    const model = buildDeploymentModel(host, dir, defaultSettings);
    count(out, name, runChecks(model, host, rules));
  }
  return out;
}

/** True for files the workspace discovery reads as nginx. */
export function isNginx(path: string): boolean {
  return classifyFile(new NodeHost(), path) === 'nginx';
}
