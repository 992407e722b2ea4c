/**
 * The scaffold feature: from an app folder to a consistent set of deployment files that pass every
 * DeployLens cross-check. `detectApp` reads the app, `suggestAnswers` proposes defaults from the
 * workspace, `scaffold` renders the files. Pure core: files come through the ProjectHost, nothing
 * is written here (the editor writes, after asking before any overwrite).
 */
import { posix } from 'node:path';
import { resolveAnswers } from './answers';
import { nginxSite } from './nginxSite';
import { gunicornConfig, serviceUnit, SERVICE_NAME, SOCKET_NAME, socketUnit } from './processFiles';
import type { DetectedApp, ScaffoldAnswers, ScaffoldFile, ScaffoldLayout } from './types';

export type { DetectedApp, Detection, DjangoApp, FlaskApp, FlaskShape, ScaffoldAnswers, ScaffoldFile, ScaffoldLayout, ServedDir } from './types';
export { detectApp } from './detect';
export { suggestAnswers, scaffoldLayout, type Suggestions } from './suggest';
export { checkAnswers, checkDomain, checkServerPath, DEFAULT_PORT, DEFAULT_SOCKET } from './answers';

/** Where the files go when the workspace has no convention of its own. */
export const DEFAULT_LAYOUT: ScaffoldLayout = { nginxDir: 'deploy/nginx', systemdDir: 'deploy/systemd' };

/**
 * The deployment files for `app` with `answers`: the nginx site (in `layout.nginxDir`, named after
 * the deployment), gunicorn.service and gunicorn.socket (in `layout.systemdDir`), and
 * gunicorn.conf.py in the app folder. Paths are absolute workspace paths. Answers are expected to
 * pass `checkAnswers`.
 */
export function scaffold(app: DetectedApp, answers: ScaffoldAnswers, layout: ScaffoldLayout = DEFAULT_LAYOUT): ScaffoldFile[] {
  const a = resolveAnswers(app, answers);
  const at = (dir: string, name: string) => posix.join(app.root, dir, name);
  return [
    { path: at(layout.nginxDir, a.name), text: nginxSite(app, a, a.name), kind: 'nginx' },
    { path: at(layout.systemdDir, SERVICE_NAME), text: serviceUnit(app, a), kind: 'systemd-service' },
    { path: at(layout.systemdDir, SOCKET_NAME), text: socketUnit(a), kind: 'systemd-socket' },
    { path: at('.', 'gunicorn.conf.py'), text: gunicornConfig(app, a), kind: 'gunicorn-config' },
  ];
}
