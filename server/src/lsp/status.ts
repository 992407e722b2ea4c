/**
 * The `deploylens/status` notification's content after an analysis: per workspace folder, the
 * nginx files and gunicorn sources found, for the client's status bar.
 */
import type { DeploymentSummary, StatusParams } from '../../../shared/src/protocol';
import type { AnalysisResult } from './analysis';

const GUNICORN_SOURCES = new Set(['systemd-service', 'systemd-socket', 'gunicorn-config', 'procfile', 'dockerfile', 'supervisor']);

/** The status for the folders after `result`. */
export function statusParams(roots: readonly string[], result: AnalysisResult, uriOf: (path: string) => string, busy: boolean): StatusParams {
  const deployments: DeploymentSummary[] = [];
  for (const root of roots) {
    const inRoot = result.files.filter((f) => f.path === root || f.path.startsWith(root.endsWith('/') ? root : root + '/'));
    const nginx = inRoot.filter((f) => f.kind === 'nginx').map((f) => uriOf(f.path));
    const gunicorn = inRoot.filter((f) => GUNICORN_SOURCES.has(f.kind)).map((f) => uriOf(f.path));
    if (nginx.length === 0 && gunicorn.length === 0) continue;
    const parts = [nginx.length > 0 ? 'nginx' : '', gunicorn.length > 0 ? 'gunicorn' : ''].filter(Boolean);
    deployments.push({ folderUri: uriOf(root), label: parts.join(' → '), nginxFiles: nginx, gunicornSources: gunicorn, wsgiTarget: null, framework: 'unknown' });
  }
  return { deployments, busy };
}
