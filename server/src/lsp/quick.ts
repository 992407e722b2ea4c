/**
 * The fast path of live diagnostics for an edited nginx file. The whole-workspace analysis
 * (`analysis.ts`) re-reads every nginx configuration, gunicorn instance and app, which takes tens of
 * milliseconds or more; it runs once the user pauses. On each keystroke this re-checks only the nginx
 * configurations that contain the edited file (what nginx itself would re-read), and keeps the
 * cross-file findings of the last full analysis, moved along with the text edited since. The next
 * full analysis replaces both.
 */
import type { Finding } from '../common/diagnostics';
import type { ProjectHost } from '../common/host';
import type { NginxFile } from '../nginx/ast';
import { checkNginx, loadNginxConfig } from '../nginx/index';
import { NGINX_CODES } from '../nginx/codes';
import { applySettings } from '../project/check';
import type { DeploymentModel } from '../project/model';
import type { DeployLensSettings } from '../../../shared/src/settings';

/** True for codes the nginx checker reports (the fast path recomputes those; other codes are carried). */
export function isNginxLayerCode(code: string): boolean {
  return Object.hasOwn(NGINX_CODES, code) || code.startsWith('nginx-');
}

/** What the fast path found: nginx findings for every file of the configurations it re-checked. */
export interface QuickResult {
  files: Set<string>;
  findings: Finding[];
}

/** An nginx entry configuration: its main file and the workspace folder it was loaded for. */
export interface NginxEntry {
  main: string;
  root?: string;
}

/**
 * File -> the entry configurations that read it, from full-analysis models. Only paths are kept, not
 * the models (whose routing tables and parse trees would stay in memory between analyses).
 */
export function nginxEntries(models: readonly DeploymentModel[]): Map<string, NginxEntry[]> {
  const out = new Map<string, NginxEntry[]>();
  for (const m of models) {
    for (const s of m.nginx) {
      const entry = { main: s.config.main.path, root: m.root };
      for (const f of s.config.files.keys()) {
        const list = out.get(f);
        if (list) list.push(entry);
        else out.set(f, [entry]);
      }
    }
  }
  return out;
}

/**
 * Re-checks the nginx configurations holding `path` (`entries`, from the last full analysis), or the
 * file alone when none does.
 */
export function quickNginxCheck(
  host: ProjectHost,
  path: string,
  known: readonly NginxEntry[],
  settings: DeployLensSettings,
  parse?: (text: string, path: string) => NginxFile,
): QuickResult {
  const entries = known.length > 0 ? known : [{ main: path }];
  const files = new Set<string>([path]);
  const findings: Finding[] = [];
  for (const e of entries) {
    // Unchanged files of the configuration (nginx.conf, snippets) come from the parse cache.
    const config = loadNginxConfig(host, e.main, { ...(e.root ? { workspaceRoot: e.root } : {}), ...(parse ? { parse } : {}) });
    for (const f of config.files.keys()) files.add(f);
    findings.push(...checkNginx(config));
  }
  return { files, findings: applySettings(host, findings, settings) };
}

/** The region where two texts differ: `[start, oldEnd)` of the old text became `[start, newEnd)`. */
export function changedRegion(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, oldEnd: before.length - s, newEnd: after.length - s };
}

/**
 * A finding of `file` computed on `before`, moved to `after`: unchanged before the edited region,
 * shifted after it, dropped when it overlaps it (the next full analysis decides about it). Fixes
 * whose edits in the file overlap the region are dropped too.
 */
export function carryFinding(f: Finding, region: ReturnType<typeof changedRegion>): Finding | undefined {
  const delta = region.newEnd - region.oldEnd;
  const move = (start: number, end: number): { start: number; end: number } | undefined => {
    if (end <= region.start) return { start, end };
    if (start >= region.oldEnd) return { start: start + delta, end: end + delta };
    return undefined;
  };
  const at = move(f.start, f.end);
  if (!at) return undefined;
  const out: Finding = { ...f, ...at };
  if (f.fixes) {
    out.fixes = f.fixes.flatMap((fix) => {
      const edits = fix.edits.map((e) => (e.file === f.file ? (move(e.start, e.end) ? { ...e, ...move(e.start, e.end)! } : undefined) : e));
      return edits.every((e) => e !== undefined) ? [{ ...fix, edits: edits as NonNullable<(typeof edits)[number]>[] }] : [];
    });
  }
  if (f.related) out.related = f.related.flatMap((r) => (r.file === f.file ? (move(r.start, r.end) ? [{ ...r, ...move(r.start, r.end)! }] : []) : [r]));
  return out;
}
