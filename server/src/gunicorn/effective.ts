/**
 * The effective configuration of one gunicorn instance, computed the way gunicorn's
 * `Application.load_config` does (DEPLOY-FACTS §1.3), lowest precedence first:
 * 1. defaults, some taken from the environment (PORT -> bind, WEB_CONCURRENCY -> workers, ...);
 * 2. the config file: `-c` on the command line, else `--config` in GUNICORN_CMD_ARGS, else
 *    `./gunicorn.conf.py` in the START directory (not in --chdir);
 * 3. GUNICORN_CMD_ARGS (shlex-split, same parser);
 * 4. the command line.
 * Then binds are normalized against the final chdir, and socket activation replaces them.
 */
import { posix } from 'node:path';
import type { Finding } from '../common/diagnostics';
import { setOwn } from '../common/own';
import { parseArgv, type ParsedArgv, type ParsedOption } from './argv';
import { closest, optionFlagsOfUnavailable, settingsFor } from './catalog';
import { applyConfigFile, type ConfigEvaluator } from './configfile';
import { resolveBinds } from './effectiveBinds';
import { serviceFindings } from './serviceChecks';
import type { EffectiveSetting, GunicornInstance, SettingOrigin } from './instance';
import type { Launcher } from './launcher';
import type { PathMapper } from './pathmap';
import { appAnchor, chooseConfigFile, mapStartDir, withAppAnchor } from './locate';
import { shlexSplit, type ShellWord } from './shell';
import { pyInt, validateCli } from './validate';
import { sourceOf, type Source, type Word } from './words';
import type { ProjectHost } from '../common/host';

export { mapStartDir } from './locate';

/** Everything `computeInstance` needs besides the launcher. */
export interface EffectiveContext {
  host: ProjectHost;
  root: string;
  paths: PathMapper;
  /** The gunicorn release in use when the user says so (settings); a launcher's own pin comes next. */
  version?: string;
  evaluate?: ConfigEvaluator;
  /** Every workspace file (from discovery), to find the directory holding the app's module. */
  allFiles?: readonly string[];
}

/** The result: the instance, the findings about it, and the workspace config files it reads. */
export interface ComputedInstance {
  instance: GunicornInstance;
  findings: Finding[];
  configFilesRead: string[];
}

const ARGV_CODES: Record<string, string> = {
  'unknown-option': 'gunicorn-unknown-option',
  'ambiguous-option': 'gunicorn-ambiguous-option',
  'missing-value': 'gunicorn-invalid-command-line',
  'unexpected-value': 'gunicorn-invalid-command-line',
  'extra-argument': 'gunicorn-invalid-command-line',
  'invalid-value': 'gunicorn-invalid-type',
};

/** Findings for argparse errors: gunicorn prints usage and exits with status 2. */
function argvFindings(parsed: ParsedArgv, version: string | undefined, where: string): Finding[] {
  const tooNew = optionFlagsOfUnavailable(version);
  return parsed.errors.map((e) => {
    let message = `gunicorn exits (status 2, ${where}): ${e.message}`;
    let code = ARGV_CODES[e.code];
    if (e.code === 'unknown-option') {
      const flag = e.word.value.split('=')[0];
      const newer = tooNew.get(flag);
      if (newer) {
        code = 'gunicorn-setting-too-new';
        message = `gunicorn ${version} has no option ${flag} (${newer}): it exits with "unrecognized arguments"`;
      } else {
        const guess = flag.startsWith('--') ? closest(flag, settingsFor(version).flatMap((s) => s.cli.filter((c) => c.startsWith('--')))) : undefined;
        if (guess) {
          message += `; did you mean ${guess}?`;
          // Replace the flag in place when it is written as is (no quotes or escapes inside it).
          const o = e.word.offsets;
          if (o && [...flag].every((_, k) => o[k] === e.word.start + k)) {
            const fix = { title: `Change to ${guess}`, edits: [{ file: e.word.file, start: e.word.start, end: e.word.start + flag.length, newText: guess }], preferred: true };
            return { file: e.word.file, start: e.word.start, end: e.word.end, severity: 'error' as const, code, message, fixes: [fix] };
          }
        }
      }
    }
    return { file: e.word.file, start: e.word.start, end: e.word.end, severity: 'error' as const, code, message };
  });
}

/** Groups parsed options by setting, in order, so that append settings get all their values. */
function bySetting(parsed: ParsedArgv): Map<string, ParsedOption[]> {
  const out = new Map<string, ParsedOption[]>();
  for (const o of parsed.options) out.set(o.spec.name, [...(out.get(o.spec.name) ?? []), o]);
  return out;
}

function spanOf(words: Word[]): Source {
  const first = words[0];
  const last = words[words.length - 1];
  return { file: first.file, start: Math.min(...words.map((w) => w.start)), end: last.file === first.file ? Math.max(...words.map((w) => w.end)) : first.end };
}

/** Applies one command-line-like source (GUNICORN_CMD_ARGS or the command line) onto `settings`. */
function applyOptions(parsed: ParsedArgv, origin: SettingOrigin, settings: Record<string, EffectiveSetting>, version: string | undefined, findings: Finding[]): void {
  for (const [name, opts] of bySetting(parsed)) {
    const spec = opts[0].spec;
    const words = opts.map((o) => o.valueWord);
    const source = spanOf(words);
    // `--workers $WORKERS` with WORKERS unknown: the setting is set, to a value the files do not tell.
    const unresolved = words.flatMap((w) => (w as ShellWord).unknownVars ?? []);
    if (unresolved.length && name !== 'bind') {
      settings[name] = { name, value: undefined, unknown: { reason: 'env', detail: [...new Set(unresolved)].join(', ') }, origin, source };
      continue;
    }
    const r = validateCli(spec, opts.map((o) => o.value), version);
    if (!r.ok) {
      findings.push({ file: source.file, start: opts[opts.length - 1].valueWord.start, end: opts[opts.length - 1].valueWord.end, severity: 'error', code: r.code, message: `gunicorn refuses ${opts[0].flag}: ${r.message}` });
      continue;
    }
    settings[name] = 'unknown' in r ? { name, value: undefined, unknown: { reason: r.unknown, detail: r.detail }, origin, source } : { name, value: r.value, origin, source };
  }
}

/** Maps the words of an environment variable's value back to where the value was written. */
function envWords(value: string, valueWord: Word | undefined, fallback: Source | undefined): { words: ShellWord[]; errors: Array<{ start: number; end: number; message: string }> } {
  const split = shlexSplit(value, valueWord?.file ?? fallback?.file ?? '', 0);
  const map = valueWord && valueWord.value === value ? valueWord.offsets : undefined;
  const at = (k: number) => map?.[Math.min(k, map.length - 1)] ?? valueWord?.start ?? fallback?.start ?? 0;
  const words = split.words.map((w) => ({
    ...w,
    start: at(w.start),
    end: map ? at(Math.max(w.start, w.end - 1)) + 1 : (valueWord?.end ?? fallback?.end ?? 0),
    offsets: (w.offsets ?? []).map(at),
  }));
  return { words, errors: split.errors };
}

/** Computes one instance from a launcher. */
export function computeInstance(input: Launcher, ctx: EffectiveContext): ComputedInstance {
  const launcher = withAppAnchor(input, ctx);
  const findings: Finding[] = [...launcher.findings];
  const version = ctx.version || launcher.version?.value || undefined;
  const env = launcher.env;
  const unknownSources: string[] = [];
  if (!launcher.envComplete) unknownSources.push('environment (variables set outside the workspace)');
  const envValue = (name: string) => env.get(name);

  // 4. The command line (parsed first: it decides the config file). An option newer than the
  // release in use makes gunicorn exit; the rest of the model follows the newest parser, so that
  // the option's value is not mistaken for the app (and the cascade of errors is not reported).
  const versioned = parseArgv(launcher.args, version);
  const tooNew = optionFlagsOfUnavailable(version);
  const hasTooNew = versioned.errors.some((e) => e.code === 'unknown-option' && tooNew.has(e.word.value.split('=')[0]));
  const cli = hasTooNew ? parseArgv(launcher.args) : versioned;
  const cliErrors = hasTooNew ? { ...versioned, errors: versioned.errors.filter((e) => e.code === 'unknown-option' || cli.errors.some((x) => x.word === e.word)) } : versioned;
  findings.push(...argvFindings(cliErrors, version, 'command line'));

  // 3. GUNICORN_CMD_ARGS.
  let envArgs: ParsedArgv = { options: [], positionals: [], errors: [] };
  const cmdArgs = envValue('GUNICORN_CMD_ARGS');
  if (cmdArgs && cmdArgs.value !== undefined) {
    const { words, errors } = envWords(cmdArgs.value, cmdArgs.valueWord, cmdArgs.source);
    for (const e of errors) findings.push({ file: cmdArgs.source?.file ?? launcher.file, start: cmdArgs.source?.start ?? 0, end: cmdArgs.source?.end ?? 0, severity: 'error', code: 'gunicorn-launcher-syntax', message: `GUNICORN_CMD_ARGS: ${e.message} (shlex.split fails; gunicorn exits)` });
    envArgs = parseArgv(words, version);
    findings.push(...argvFindings(envArgs, version, 'GUNICORN_CMD_ARGS'));
  } else if (cmdArgs) unknownSources.push('GUNICORN_CMD_ARGS (value not in the workspace)');

  // 1. Defaults, with the environment-dependent ones.
  const settings: Record<string, EffectiveSetting> = {};
  for (const spec of settingsFor(version)) {
    if (spec.kind === 'hook') continue;
    settings[spec.name] = { name: spec.name, value: spec.defaultIsDoc ? null : (spec.default as EffectiveSetting['value']), origin: 'default' };
  }
  const startDir = launcher.startDir ?? (launcher.kind === 'systemd' ? { value: '/' } : undefined);
  settings.chdir = startDir ? { name: 'chdir', value: startDir.value, origin: 'default', source: startDir.source } : { name: 'chdir', value: undefined, unknown: { reason: 'env', detail: 'the directory the launcher starts gunicorn in' }, origin: 'default' };
  const port = envValue('PORT');
  if (port) settings.bind = { name: 'bind', value: [`0.0.0.0:${port.value ?? '$PORT'}`], origin: 'environment', source: port.source };
  const wc = envValue('WEB_CONCURRENCY');
  if (wc) {
    const n = wc.value === undefined ? undefined : pyInt(wc.value);
    if (wc.value !== undefined && n === undefined) {
      findings.push({ file: wc.source?.file ?? launcher.file, start: wc.source?.start ?? 0, end: wc.source?.end ?? 0, severity: 'error', code: 'gunicorn-invalid-type', message: `WEB_CONCURRENCY=${wc.value} is not an integer: gunicorn fails on import (int() raises ValueError)` });
    }
    settings.workers = n === undefined ? { name: 'workers', value: undefined, unknown: { reason: 'env', detail: 'WEB_CONCURRENCY' }, origin: 'environment', source: wc.source } : { name: 'workers', value: n, origin: 'environment', source: wc.source };
  }
  const fai = envValue('FORWARDED_ALLOW_IPS');
  if (fai) settings.forwarded_allow_ips = { name: 'forwarded_allow_ips', value: fai.value, ...(fai.value === undefined ? { unknown: { reason: 'env' as const } } : {}), origin: 'environment', source: fai.source };
  if (launcher.user) settings.user = { name: 'user', value: launcher.user.value, origin: 'default', source: launcher.user.source };
  if (launcher.group) settings.group = { name: 'group', value: launcher.group.value, origin: 'default', source: launcher.group.source };

  // 2. The config file.
  const config = chooseConfigFile(launcher, cli, envArgs, startDir?.value, ctx);
  const configFilesRead: string[] = [];
  if (config.misplaced && config.info?.source) {
    findings.push({
      ...config.info.source,
      severity: 'error',
      code: 'gunicorn-config-not-found',
      message: `gunicorn opens ${config.info.path} (relative to the start directory ${startDir?.value}, not to --chdir) and exits with "doesn't exist"; the file is in the --chdir directory: give its absolute path`,
      related: [{ file: config.misplaced, start: 0, end: 0, message: 'the config file meant here' }],
    });
  }
  if (config.info?.file && ctx.evaluate) {
    const text = ctx.host.readFile(config.info.file);
    // fromEntries defines own properties: a variable named `__proto__` is a key, not a prototype.
    const environ: Record<string, string> = Object.fromEntries([...env].flatMap(([k, v]) => (v.value !== undefined ? [[k, v.value]] : [])));
    const model = text === undefined ? undefined : ctx.evaluate(text, config.info.file, startDir?.value, environ);
    if (model) {
      configFilesRead.push(config.info.file);
      const applied = applyConfigFile(model, version);
      findings.push(...applied.findings);
      for (const s of applied.settings) {
        const source = { file: model.file, start: s.binding.nameStart, end: s.binding.valueEnd };
        if (!s.result.ok) continue;
        // A value read from the environment is known when the launcher sets the variable to a known
        // value, or leaves it unset in an environment we see entirely; otherwise it is unknown.
        const dependsOn = (s.binding.value.env ?? []).filter((n) => (env.has(n) ? env.get(n)?.value === undefined : !launcher.envComplete));
        if ('unknown' in s.result) settings[s.spec.name] = { name: s.spec.name, value: undefined, unknown: { reason: s.result.unknown, detail: s.result.detail }, origin: 'config', source };
        else if (dependsOn.length) settings[s.spec.name] = { name: s.spec.name, value: undefined, unknown: { reason: 'env', detail: dependsOn.join(', ') }, origin: 'config', source };
        else settings[s.spec.name] = { name: s.spec.name, value: s.result.value, origin: 'config', source };
        // validate_chdir makes a relative path absolute against the cwd, which is still the start directory.
        if (s.spec.name === 'chdir' && startDir && typeof settings.chdir.value === 'string') {
          settings.chdir.value = posix.resolve(startDir.value, settings.chdir.value);
        }
      }
    } else if (text !== undefined && !ctx.evaluate) unknownSources.push(`config file ${config.info.path} (Python evaluation unavailable)`);
  } else if (config.info && !config.info.file) unknownSources.push(`config file ${config.info.path} (not in the workspace)`);
  if (config.maybeDefault) unknownSources.push(`${config.maybeDefault} (start directory not mapped to the workspace)`);

  // 3 and 4.
  applyOptions(envArgs, 'GUNICORN_CMD_ARGS', settings, version, findings);
  applyOptions(cli, 'command-line', settings, version, findings);
  for (const origin of ['GUNICORN_CMD_ARGS', 'command-line'] as const) {
    const c = settings.chdir;
    if (c.origin === origin && typeof c.value === 'string' && startDir) c.value = posix.resolve(startDir.value, c.value);
  }

  const instance = buildInstance(launcher, settings, cli, config.info, startDir, version, unknownSources, ctx);
  findings.push(...resolveBinds(instance, launcher));
  findings.push(...serviceFindings(instance, launcher));
  if (!instance.app && !settings.paste?.value) {
    findings.push({ file: launcher.file, start: launcher.range.start, end: launcher.range.end, severity: 'error', code: 'gunicorn-no-app', message: 'no application: gunicorn exits with "No application module specified." (give MODULE:APP or wsgi_app in the config file)' });
  }
  return { instance, findings, configFilesRead };
}

function buildInstance(
  launcher: Launcher,
  settings: Record<string, EffectiveSetting>,
  cli: ParsedArgv,
  configFile: GunicornInstance['configFile'],
  startDir: { value: string; source?: Source } | undefined,
  version: string | undefined,
  unknownSources: string[],
  ctx: EffectiveContext,
): GunicornInstance {
  const num = (name: string) => (typeof settings[name]?.value === 'number' ? (settings[name].value as number) : null);
  const str = (name: string) => (typeof settings[name]?.value === 'string' ? (settings[name].value as string) : null);
  const appWord = cli.positionals[0];
  const wsgi = settings.wsgi_app;
  const app = appWord
    ? { value: appWord.value, source: sourceOf(appWord), origin: 'command-line' as const }
    : typeof wsgi?.value === 'string'
      ? { value: wsgi.value, source: wsgi.source, origin: wsgi.origin }
      : undefined;
  const chdirSetting = settings.chdir;
  const chdir = typeof chdirSetting.value === 'string' ? { value: chdirSetting.value, source: chdirSetting.source, origin: chdirSetting.origin } : undefined;
  const env: GunicornInstance['env'] = {};
  // setOwn: a variable named `__proto__` is a key like any other (an assignment would set the prototype).
  for (const [k, v] of launcher.env) setOwn(env, k, { value: v.value, source: v.source });
  const rawEnv = settings.raw_env;
  if (Array.isArray(rawEnv?.value)) {
    for (const kv of rawEnv.value) {
      const eq = kv.indexOf('=');
      if (eq > 0) setOwn(env, kv.slice(0, eq), { value: kv.slice(eq + 1), source: rawEnv.source });
    }
  }
  const user = settings.user;
  const group = settings.group;
  const line = launcher.range.start;
  return {
    id: `${launcher.file}#${line}`,
    kind: launcher.kind,
    file: launcher.file,
    range: launcher.range,
    name: launcher.name,
    program: launcher.program.value,
    app,
    startDir,
    ...(launcher.startDirIsWorkspace ? { startDirIsWorkspace: true } : {}),
    chdir,
    // Mapped like the start directory, else found from the app module the chdir must hold.
    chdirWorkspace: chdir ? (mapStartDir(chdir.value, launcher, ctx) ?? (app && ctx.allFiles ? appAnchor(app.value, chdir.value, posix.dirname(launcher.file), ctx.allFiles) : undefined)) : undefined,
    binds: [],
    bindsIgnored: [],
    workers: num('workers'),
    workerClass: effectiveWorkerClass(str('worker_class'), settings.threads),
    user: user && user.value !== null && user.value !== undefined && user.origin !== 'default' ? { value: user.value as string | number, source: user.source } : launcher.user,
    group: group && group.value !== null && group.value !== undefined && group.origin !== 'default' ? { value: group.value as string | number, source: group.source } : launcher.group,
    umask: num('umask'),
    timeout: num('timeout'),
    forwardedAllowIps: str('forwarded_allow_ips'),
    settings,
    configFile,
    env,
    unknownSources,
    privateTmp: launcher.privateTmp,
    runtimeDirectory: launcher.runtimeDirectory,
    socket: launcher.socket,
    version,
  };
}

/** The worker class that runs: gunicorn switches `sync` to the threaded worker when threads > 1 (`Config.worker_class`). */
function effectiveWorkerClass(configured: string | null, threads: EffectiveSetting | undefined): string | null {
  if (configured === null) return null;
  const isSync = configured === 'sync' || configured.endsWith('SyncWorker');
  if (!isSync) return configured;
  if (threads && threads.value === undefined && threads.unknown) return null;
  return typeof threads?.value === 'number' && threads.value > 1 ? 'gthread' : configured;
}
