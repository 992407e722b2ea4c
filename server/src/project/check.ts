import type { ProjectHost } from '../common/host';
import { compareFindings, type Finding } from '../common/diagnostics';
import type { DeployLensSettings } from '../../../shared/src/settings';
import { checkNginx } from '../nginx/index';
import { runChecksSteps } from '../checks/index';
import { runSteps, type Steps } from '../common/steps';
import { classifyFile, type DiscoveredFile } from './discover';
import { buildDeploymentModelSteps, loadNginxEntriesSteps, nginxOnlyModel, type DeploymentModel } from './model';
import { findSuppressions, isSuppressed, type Suppressions } from './suppress';

/** What `check` found for a file or a workspace. */
export interface CheckResult {
  findings: Finding[];
  /** The deployment files that were analysed. */
  files: DiscoveredFile[];
  /** The deployment model, when a workspace folder was checked. */
  model?: DeploymentModel;
}

/**
 * Checks a single file or a whole workspace folder. A folder gets the full analysis: every nginx entry
 * configuration, every gunicorn instance and the app it loads, and the cross-file rules between them.
 * A single file gets the checks of its own language (an nginx file: syntax, directives, includes).
 * Per-rule severities from the settings and in-file suppressions are applied. The same function backs
 * the CLI and the language server.
 */
export function checkPath(host: ProjectHost, target: string, settings: DeployLensSettings): CheckResult {
  return runSteps(checkPathSteps(host, target, settings));
}

/**
 * `checkPath`, pausing between its parts (each nginx configuration, gunicorn instance, app and rule):
 * the language server answers requests in the pauses of a long analysis.
 */
export function* checkPathSteps(host: ProjectHost, target: string, settings: DeployLensSettings): Steps<CheckResult> {
  const st = host.stat(target);
  if (st?.type === 'directory') {
    const model = yield* buildDeploymentModelSteps(host, target, settings);
    const findings = [...model.findings, ...(yield* runChecksSteps(model, host))];
    return { findings: applySettings(host, findings, settings), files: model.files, model };
  }
  const kind = classifyFile(host, target);
  const files: DiscoveredFile[] = [{ path: target, kind }];
  const findings: Finding[] = [];
  if (kind === 'nginx' || kind === 'other') {
    // A lone nginx file: its own checks, and the rules that need nothing but nginx (security rules);
    // rules that compare with gunicorn or the app find nothing to compare with and stay silent.
    const model = nginxOnlyModel(host, target, settings, yield* loadNginxEntriesSteps(host, [target]), files);
    for (const site of model.nginx) findings.push(...checkNginx(site.config));
    yield;
    findings.push(...(yield* runChecksSteps(model, host)));
    return { findings: applySettings(host, findings, settings), files, model };
  }
  return { findings: applySettings(host, findings, settings), files };
}

/** Applies per-rule severities ('off' drops) and in-file suppression comments; sorts the result. */
export function applySettings(host: ProjectHost, findings: Finding[], settings: DeployLensSettings): Finding[] {
  const suppressions = new Map<string, Suppressions>();
  const out: Finding[] = [];
  for (const f of findings) {
    const override = settings.rules[f.code];
    if (override === 'off') continue;
    let s = suppressions.get(f.file);
    if (!s) suppressions.set(f.file, (s = findSuppressions(host.readFile(f.file) ?? '')));
    if (isSuppressed(f, s)) continue;
    out.push(override ? { ...f, severity: override } : f);
  }
  return out.sort(compareFindings);
}
