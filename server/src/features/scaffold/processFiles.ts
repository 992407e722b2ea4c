/**
 * The gunicorn side of a scaffolded deployment: `gunicorn.service` + `gunicorn.socket` (systemd
 * socket activation, as the gunicorn docs deploy it) and `gunicorn.conf.py`. The unit names the app
 * on the command line, so the app module ties the server path to the workspace folder; the config
 * file holds the rest. The socket unit owns the listening address: gunicorn takes the socket from
 * systemd (LISTEN_FDS) and ignores its own bind, which stays the same address for runs by hand.
 */
import { posix } from 'node:path';
import { gunicornBind, type ResolvedAnswers } from './answers';
import type { DetectedApp } from './types';

/** The unit file names (one gunicorn per server, as in the gunicorn and DigitalOcean guides). */
export const SERVICE_NAME = 'gunicorn.service';
export const SOCKET_NAME = 'gunicorn.socket';

/** Where gunicorn.conf.py lives on the server: in the app folder, next to the code it serves. */
export function serverConfigPath(a: ResolvedAnswers): string {
  return posix.join(a.serverPath, 'gunicorn.conf.py');
}

/** A word of ExecStart=: systemd strips double quotes; a target with a call gets them for readability in shells too. */
function execWord(w: string): string {
  return /[()\s'"]/.test(w) ? `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : w;
}

/** `--chdir` to the import root of a `src/` layout (on the command line: it ties the module to the folder). */
function chdirOption(app: DetectedApp, a: ResolvedAnswers): string {
  if (!app.importDir) return '';
  return ` --chdir ${posix.join(a.serverPath, posix.relative(app.root, app.importDir))}`;
}

/** The text of gunicorn.service. */
export function serviceUnit(app: DetectedApp, a: ResolvedAnswers): string {
  const env = app.framework === 'django' && app.settingsEnv ? [`Environment=DJANGO_SETTINGS_MODULE=${app.settingsEnv}`] : [];
  return [
    `# gunicorn for ${a.name} (${app.target}), written by DeployLens.`,
    `# Install: /etc/systemd/system/${SERVICE_NAME}, with ${SOCKET_NAME} next to it, then`,
    `#   systemctl daemon-reload && systemctl enable --now ${SOCKET_NAME}`,
    `# systemd listens on ${a.bind === 'socket' ? a.socketPath : `127.0.0.1:${a.port}`} and starts gunicorn with the first request.`,
    '[Unit]',
    `Description=gunicorn daemon for ${a.name}`,
    `Requires=${SOCKET_NAME}`,
    'After=network.target',
    '',
    '[Service]',
    '# gunicorn tells systemd when its workers are ready.',
    'Type=notify',
    'NotifyAccess=main',
    `User=${a.user}`,
    `Group=${a.group}`,
    `WorkingDirectory=${a.serverPath}`,
    ...env,
    `ExecStart=${posix.join(a.venv, 'bin', 'gunicorn')} -c ${serverConfigPath(a)}${chdirOption(app, a)} ${execWord(app.target)}`,
    'ExecReload=/bin/kill -s HUP $MAINPID',
    'KillMode=mixed',
    'TimeoutStopSec=5',
    'PrivateTmp=true',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** The text of gunicorn.socket. */
export function socketUnit(a: ResolvedAnswers): string {
  const listen =
    a.bind === 'socket'
      ? [`ListenStream=${a.socketPath}`, "# Only nginx's user (www-data on Debian) may connect.", 'SocketUser=www-data', 'SocketGroup=www-data', 'SocketMode=0660']
      : [`ListenStream=127.0.0.1:${a.port}`];
  return [`# The socket gunicorn.service serves, for ${a.name}, written by DeployLens.`, '[Unit]', `Description=gunicorn socket for ${a.name}`, '', '[Socket]', ...listen, '', '[Install]', 'WantedBy=sockets.target', ''].join('\n');
}

/** The text of gunicorn.conf.py. */
export function gunicornConfig(app: DetectedApp, a: ResolvedAnswers): string {
  return [
    `# gunicorn settings for ${a.name}, written by DeployLens: https://docs.gunicorn.org/en/stable/settings.html`,
    `# ${SERVICE_NAME} reads this file (-c ${serverConfigPath(a)}) and names the app (${app.target}).`,
    'import multiprocessing',
    '',
    `# Under systemd, ${SOCKET_NAME} hands gunicorn its listening socket and this bind is not used;`,
    '# it applies when gunicorn is started by hand, so both ways listen on the same address.',
    `bind = "${gunicornBind(a)}"`,
    'workers = multiprocessing.cpu_count() * 2 + 1',
    "# Seconds a worker may spend on a request: below nginx's proxy_read_timeout (60s by default).",
    'timeout = 30',
    'accesslog = "-"',
    'errorlog = "-"',
    '',
  ].join('\n');
}
