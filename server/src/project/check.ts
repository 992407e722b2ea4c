import type { ProjectHost } from '../common/host';
import { compareFindings, type Finding } from '../common/diagnostics';
import type { DeployLensSettings } from '../../../shared/src/settings';
import { loadNginxConfig, checkNginx } from '../nginx/index';
import { classifyFile, discoverWorkspace, type DiscoveredFile } from './discover';
import { findSuppressions, isSuppressed, type Suppressions } from './suppress';

/** What `check` found for a file or a workspace. */
export interface CheckResult {
  findings: Finding[];
  /** The deployment files that were analysed. */
  files: DiscoveredFile[];
}

/**
 * Checks a single file or a whole workspace folder: every nginx configuration (each file that no other
 * one includes is an entry point), with per-rule severities from the settings and in-file suppressions
 * applied. The same function backs the CLI and the language server.
 */
export function checkPath(host: ProjectHost, target: string, settings: DeployLensSettings): CheckResult {
  const st = host.stat(target);
  const files: DiscoveredFile[] =
    st?.type === 'directory' ? discoverWorkspace(host, target) : [{ path: target, kind: classifyFile(host, target) }];
  const findings: Finding[] = [];

  // nginx: a file checked on its own is its own entry; in a folder, entries are the files nobody includes.
  const nginxFiles = files.filter((f) => f.kind === 'nginx' || (st?.type !== 'directory' && f.kind === 'other'));
  const configs = nginxFiles.map((f) => loadNginxConfig(host, f.path));
  const included = new Set<string>();
  for (const c of configs) for (const p of c.files.keys()) if (p !== c.main.path) included.add(p);
  for (const c of configs) {
    if (included.has(c.main.path)) continue;
    findings.push(...checkNginx(c));
  }
  return { findings: applySettings(host, dedupe(findings), settings), files };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.start}\0${f.end}\0${f.code}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
