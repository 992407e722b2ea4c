/**
 * A launcher: one place that starts gunicorn (a systemd unit's ExecStart, a Procfile line, a
 * Dockerfile CMD, a supervisor program, a shell script), reduced to what gunicorn sees when it
 * starts: its arguments, its working directory, its environment, and the service manager's
 * context (user, socket activation, private /tmp). Readers (`readers/*.ts`) produce these; the
 * effective configuration (`effective.ts`) is computed from them.
 */
import type { Finding } from '../common/diagnostics';
import type { ShellWord } from './shell';
import type { Source, Word } from './words';

/** Where a launcher was written. */
export type LauncherKind = 'systemd' | 'procfile' | 'dockerfile' | 'compose' | 'supervisor' | 'script';

/**
 * An environment variable the launcher passes. `value` undefined: set, but to something the files do
 * not tell (a platform's `$PORT`, an EnvironmentFile outside the workspace).
 */
export interface EnvValue {
  value: string | undefined;
  source?: Source;
  /** The value's words' origin, for GUNICORN_CMD_ARGS (so its options point into the right file). */
  valueWord?: Word;
}

/** A value the launcher sets, with where. */
export interface Sourced<T> {
  value: T;
  source?: Source;
}

/** A systemd socket unit that hands gunicorn its listening sockets (LISTEN_FDS). */
export interface SocketActivation {
  /** Workspace path of the `.socket` unit. */
  file: string;
  unitName: string;
  /** The ListenStream= addresses, normalized like binds (`unix:/run/gunicorn.sock`, `0.0.0.0:8000`). */
  listen: Array<Sourced<string>>;
  socketUser?: Sourced<string>;
  socketGroup?: Sourced<string>;
  socketMode?: Sourced<string>;
  /** How the pair was made: same name, `Sockets=` in the service, or `Service=` in the socket. */
  pairedBy: 'name' | 'Sockets=' | 'Service=';
}

/** One gunicorn start, as a launcher file describes it. */
export interface Launcher {
  kind: LauncherKind;
  /** Workspace path of the launcher file. */
  file: string;
  /** The command's range (the ExecStart= entry, the CMD instruction, the `web:` line). */
  range: Source;
  /** Unit name, supervisor program name, Procfile process type, Dockerfile stage. */
  name?: string;
  /** The gunicorn program word (`/home/u/venv/bin/gunicorn`, `gunicorn`, or `python` for `-m gunicorn`). */
  program: ShellWord;
  /** The arguments gunicorn's own parser receives. */
  args: ShellWord[];
  /**
   * The directory gunicorn starts in, as a server path (WorkingDirectory=, supervisor `directory=`,
   * Docker WORKDIR). For a Procfile: the workspace directory of the Procfile (the app root).
   */
  startDir?: Sourced<string>;
  /** True when `startDir` is a workspace path rather than a server path (Procfile). */
  startDirIsWorkspace?: boolean;
  env: Map<string, EnvValue>;
  /** False when the environment may hold variables the files do not show (an unread EnvironmentFile). */
  envComplete: boolean;
  user?: Sourced<string>;
  group?: Sourced<string>;
  privateTmp?: Sourced<boolean>;
  runtimeDirectory?: Sourced<string[]>;
  socket?: SocketActivation;
  /** Server directories known to hold a workspace directory (Docker's `COPY . /app`). */
  mappings?: Array<{ server: string; workspace: string }>;
  /** The gunicorn release that runs, when the files tell (a pinned requirement, an explicit setting). */
  version?: Sourced<string>;
  /** Problems found while reading the launcher (quoting, missing env files, ...). */
  findings: Finding[];
}

/** A launcher before the program is known: what readers collect around a command. */
export interface LaunchContext {
  kind: LauncherKind;
  file: string;
  range: Source;
  name?: string;
  startDir?: Sourced<string>;
  startDirIsWorkspace?: boolean;
  env: Map<string, EnvValue>;
  envComplete: boolean;
  user?: Sourced<string>;
  group?: Sourced<string>;
  privateTmp?: Sourced<boolean>;
  runtimeDirectory?: Sourced<string[]>;
  findings: Finding[];
}

/**
 * The start directory after a `cd` the command line runs before gunicorn (`sh -c 'cd src && gunicorn …'`):
 * an absolute `cd` replaces it, a relative one is joined to it (unknown when there is nothing to join to).
 */
export function startDirAfterCd(
  startDir: Sourced<string> | undefined,
  cwd: { value: string; word: Word } | undefined,
): Sourced<string> | undefined {
  if (!cwd) return startDir;
  const source = { file: cwd.word.file, start: cwd.word.start, end: cwd.word.end };
  if (cwd.value.startsWith('/')) return { value: normalize(cwd.value), source };
  return startDir ? { value: normalize(startDir.value + '/' + cwd.value), source } : undefined;
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}
