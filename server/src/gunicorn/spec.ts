/**
 * The shape of one entry of the gunicorn settings catalog (`settings.generated.ts`). Kept apart from
 * the lookup helpers so that the generated table depends on nothing but this file.
 */

/** A JSON-like default value as gunicorn's `Setting.default` holds it. */
export type SettingDefault = string | number | boolean | null | readonly string[] | { readonly [k: string]: string };

/**
 * What kind of value a setting accepts, derived from gunicorn's validator function.
 * - `int`: `validate_pos_int` (an int, or a string `int(s, 0)` accepts; negative is an error);
 * - `bool`: `validate_bool` (a bool, or the strings "true"/"false");
 * - `string`: `validate_string`; `string-list`: a comma-separated string (`validate_string_to_list` and friends);
 * - `list`: `validate_list_string` (a list of strings, or one string);
 * - `class`: `validate_class` (a dotted path or a bundled short name);
 * - `dict`, `dir` (`validate_chdir`), `user`, `group`, `hook` (a callable), `choice` (a fixed set of strings);
 * - `other`: a validator this table does not model (ssl_version, statsd address, ...).
 */
export type SettingKind =
  | 'int'
  | 'bool'
  | 'string'
  | 'string-list'
  | 'list'
  | 'class'
  | 'dict'
  | 'dir'
  | 'user'
  | 'group'
  | 'hook'
  | 'choice'
  | 'other';

/** How argparse stores a flag (gunicorn's `Setting.action`, `store` when unset). */
export type SettingAction = 'store' | 'append' | 'store_true' | 'store_const';

/** One gunicorn setting, as `gunicorn/config.py` declares it. */
export interface GunicornSettingSpec {
  /** The setting name; also its name in a config file (`bind = ...`). */
  name: string;
  /** The section of gunicorn's settings documentation ("Server Socket", ...). */
  section: string;
  /** Command-line flags, short first (`-b`, `--bind`); empty for config-file-only settings. */
  cli: readonly string[];
  /** The metavar in `--help` (`ADDRESS`, `INT`). */
  meta: string | null;
  /** gunicorn's validator function name, for reference. */
  validator: string;
  kind: SettingKind;
  /** The argparse `type`: `int` for plain ints, `auto_int` for `umask` (leading 0 means octal). */
  argType: 'int' | 'auto_int' | null;
  action: SettingAction;
  /** `?`: the flag's value is optional (then `constValue` is stored). */
  nargs: '?' | null;
  constValue: string | boolean | null;
  /** The default with no environment variable set; documentation text for computed defaults. */
  default: SettingDefault;
  /** True when `default` is documentation (`os.geteuid()`, platform-specific) rather than a value. */
  defaultIsDoc: boolean;
  /** The environment variable the default depends on (`PORT` for bind, `WEB_CONCURRENCY` for workers). */
  envDefault: string | null;
  /** The first checked release that has it; null when it is in 20.1.0 or earlier (every release we know). */
  since: string | null;
  /**
   * The release the documentation says it was added in, when that is later than the last checked
   * release without it (so narrower than `since`): `asgi_loop` is first seen in 26.1.0 but added in 24.0.0.
   */
  versionAdded: string | null;
  /** The first release without it, when it was removed. */
  removedIn: string | null;
  /** The checked releases that have it. */
  presentIn: readonly string[];
  /** For `choice`: the accepted values. */
  choices: readonly string[] | null;
  /** Behaviour changes between releases, as plain sentences. */
  history: readonly string[];
}
