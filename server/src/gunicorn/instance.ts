/**
 * A gunicorn instance: one process tree as it would run on the server, with its effective
 * configuration and where each value came from. Plain data (no Maps, no classes), so that the
 * deployment model, the CLI's JSON and the editor can all consume it.
 */
import type { LauncherKind, SocketActivation, Sourced } from './launcher';
import type { SettingData } from './validate';
import type { Source } from './words';

/** Where an effective value was decided, lowest precedence first. */
export type SettingOrigin = 'default' | 'environment' | 'config' | 'GUNICORN_CMD_ARGS' | 'command-line' | 'socket-activation';

/** One setting's effective value. `value` undefined: not knowable from the files (see `unknown`). */
export interface EffectiveSetting {
  name: string;
  value: SettingData | undefined;
  unknown?: { reason: 'machine' | 'env' | 'unsupported'; detail?: string };
  origin: SettingOrigin;
  /** Where it was written (undefined for gunicorn's built-in default). */
  source?: Source;
}

/** One address gunicorn listens on. */
export interface BindInfo {
  /** Normalized: `unix:/abs/path`, `HOST:PORT`, `[v6]:PORT`, `fd://N`; may contain `$PORT` when that is unknown. */
  address: string;
  /** As written (`unix:myproject.sock`). */
  raw: string;
  family: 'unix' | 'tcp' | 'fd';
  origin: SettingOrigin;
  source?: Source;
}

/** The config file an instance reads. */
export interface ConfigFileInfo {
  /** The path gunicorn opens (server path, resolved against the start directory), or `python:mod`. */
  path: string;
  /** The workspace file it maps to; undefined when the workspace does not hold it. */
  file?: string;
  /** How it was chosen: `-c` on the command line, `--config` in GUNICORN_CMD_ARGS, or the default name. */
  chosenBy: 'command-line' | 'GUNICORN_CMD_ARGS' | 'default';
  /** Where `-c PATH` was written. */
  source?: Source;
}

/** One gunicorn instance with its effective configuration. */
export interface GunicornInstance {
  /** Stable id: launcher file + line (or the config file for config-only instances). */
  id: string;
  kind: LauncherKind | 'config-only';
  /** The launcher file (workspace path), or the config file for a config-only instance. */
  file: string;
  /** The command (ExecStart= entry, CMD, `web:` line), or the first line of a config-only file. */
  range: Source;
  /** Unit name, program name, process type. */
  name?: string;
  /** The gunicorn program word as written. */
  program?: string;
  /** The WSGI app target (`pybo:create_app()`), from the command line or `wsgi_app`. */
  app?: Sourced<string> & { origin: SettingOrigin };
  /** The directory gunicorn starts in (server path); the default config file is looked up here. */
  startDir?: Sourced<string>;
  /**
   * True when `startDir` is a workspace path, not a server path (a Procfile runs from the app's root,
   * wherever that is deployed; a config file no launcher reads is taken as started from its folder).
   */
  startDirIsWorkspace?: boolean;
  /** The final `--chdir` (server path): where the app is imported from and relative sockets live. */
  chdir?: Sourced<string> & { origin: SettingOrigin };
  /** The workspace directory that `chdir` maps to, when known. */
  chdirWorkspace?: string;
  /** What gunicorn listens on (after socket activation and fd rules). */
  binds: BindInfo[];
  /** Configured binds that gunicorn does not use (socket activation, `fd://` present). */
  bindsIgnored: BindInfo[];
  /** Worker processes: a number, or null when it depends on the machine or an unknown variable. */
  workers: number | null;
  /**
   * The worker class that runs: the setting, except that `sync` with threads > 1 runs gunicorn's
   * threaded worker (`gthread`), as gunicorn does; null when it depends on an unknown value.
   */
  workerClass: string | null;
  user?: Sourced<string | number>;
  group?: Sourced<string | number>;
  /** The socket umask (octal semantics; gunicorn's default 0). */
  umask: number | null;
  timeout: number | null;
  forwardedAllowIps: string | null;
  /** Every setting gunicorn knows, with its effective value and origin. */
  settings: Record<string, EffectiveSetting>;
  /** The config file read, if any. */
  configFile?: ConfigFileInfo;
  /** The environment the app sees: the launcher's plus gunicorn's `-e`/raw_env (DJANGO_SETTINGS_MODULE, ...). */
  env: Record<string, { value: string | undefined; source?: Source }>;
  /** Sources that may change the result but are not in the workspace (an EnvironmentFile, a config file). */
  unknownSources: string[];
  privateTmp?: Sourced<boolean>;
  runtimeDirectory?: Sourced<string[]>;
  socket?: SocketActivation;
  /** The gunicorn release assumed for version-dependent behaviour, if known. */
  version?: string;
}
