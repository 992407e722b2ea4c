/**
 * Findings about how a systemd service runs gunicorn that need no other file: whether the user it
 * runs as can create its unix socket (`/run` is root's; `/run/<name>` exists only through
 * RuntimeDirectory= or something else that creates it after every boot). A unit without
 * WorkingDirectory= is the cross-file rule `no-working-directory` (checks/), which knows the app.
 */
import { posix } from 'node:path';
import type { Finding } from '../common/diagnostics';
import type { GunicornInstance } from './instance';
import type { Launcher } from './launcher';

/** The findings for one systemd instance (none for other launchers). */
export function serviceFindings(instance: GunicornInstance, launcher: Launcher): Finding[] {
  if (launcher.kind !== 'systemd') return [];
  const out: Finding[] = [];
  const user = instance.user?.value;
  const asRoot = user === undefined || user === 'root' || user === 0;
  if (asRoot || instance.socket) return out;
  const runtime = new Set(launcher.runtimeDirectory?.value ?? []);
  for (const b of instance.binds) {
    if (!b.address.startsWith('unix:/run/') || !b.source) continue;
    const path = b.address.slice(5);
    const dir = posix.dirname(path);
    if (dir === '/run') {
      out.push({
        ...b.source,
        severity: 'warning',
        code: 'gunicorn-socket-dir-not-writable',
        message: `only root may create files in /run: gunicorn running as ${user} cannot create ${path}; use RuntimeDirectory=<name> and bind unix:/run/<name>/${posix.basename(path)}`,
      });
      continue;
    }
    const top = dir.slice('/run/'.length).split('/')[0];
    if (!runtime.has(top) && ![...runtime].some((r) => r.split('/')[0] === top)) {
      out.push({
        ...b.source,
        severity: 'information',
        code: 'gunicorn-socket-dir-not-writable',
        message: `/run/${top} is not created by this unit (no RuntimeDirectory=${top}); /run is emptied at boot, so unless something else creates it for ${user}, gunicorn cannot create ${path}`,
      });
    }
  }
  return out;
}
