/**
 * systemd service and socket units: the gunicorn command of each `ExecStart=`, with the unit's
 * WorkingDirectory=, Environment=/EnvironmentFile=, User=/Group=, PrivateTmp=, RuntimeDirectory=;
 * and the ListenStream= sockets of `.socket` units (paired with their service in `index.ts`).
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import { findGunicorn } from '../command';
import { startDirAfterCd, type EnvValue, type Launcher, type Sourced } from '../launcher';
import type { EnvLookup } from '../shell';
import { parseEnvFile, parseEnvironmentEntry } from '../systemd/environment';
import { expandSpecifiers, parseExecEntry, type SpecifierContext } from '../systemd/exec';
import { entriesOf, lastEntry, parseUnitBoolean, parseUnitFile, type UnitEntry, type UnitFile } from '../systemd/unit';
import { extractWords } from '../systemd/words';
import { subWord, type Source } from '../words';
import type { ReaderContext } from './context';

const entrySource = (file: string, e: UnitEntry): Source => ({ file, start: e.start, end: e.end });
const valueSource = (file: string, e: UnitEntry): Source => ({ file, start: e.offsets[0] ?? e.start, end: e.offsets[e.offsets.length - 1] ?? e.end });

function finding(file: string, start: number, end: number, code: string, message: string, severity: Finding['severity'] = 'warning'): Finding {
  return { file, start, end, code, message, severity };
}

/** A single-valued key with specifiers resolved: its value and source. */
function single(unit: UnitFile, section: string, key: string, ctx: SpecifierContext): Sourced<string> | undefined {
  const e = lastEntry(unit, section, key);
  if (!e) return undefined;
  const { word } = expandSpecifiers({ value: e.value, file: unit.file, start: e.offsets[0] ?? e.start, end: e.end, offsets: e.offsets }, ctx);
  return { value: word.value, source: valueSource(unit.file, e) };
}

/** The environment of the service: Environment= first, then EnvironmentFile= files (which win). */
function readEnvironment(unit: UnitFile, ctx: SpecifierContext, rc: ReaderContext, findings: Finding[]): { env: Map<string, EnvValue>; complete: boolean } {
  const env = new Map<string, EnvValue>();
  let complete = true;
  for (const e of entriesOf(unit, 'Service', 'Environment')) {
    if (e.value === '') {
      env.clear();
      continue;
    }
    const r = parseEnvironmentEntry(e, unit.file, ctx);
    for (const err of r.errors) findings.push(finding(unit.file, err.start, err.end, 'gunicorn-launcher-syntax', `systemd: ${err.message}`));
    for (const a of r.assignments) env.set(a.name, { value: a.value, source: { file: a.file, start: a.nameStart, end: a.valueWord.end }, valueWord: a.valueWord });
  }
  let files: UnitEntry[] = [];
  for (const e of entriesOf(unit, 'Service', 'EnvironmentFile')) files = e.value === '' ? [] : [...files, e];
  for (const e of files) {
    const optional = e.value.startsWith('-');
    const { word } = expandSpecifiers({ value: optional ? e.value.slice(1) : e.value, file: unit.file, start: e.start, end: e.end }, ctx);
    const serverPath = word.value.trim();
    const mapped = rc.paths.file(serverPath, posix.dirname(unit.file));
    const text = mapped ? rc.host.readFile(mapped) : undefined;
    if (text === undefined) {
      complete = false;
      findings.push(
        finding(
          unit.file,
          e.offsets[0] ?? e.start,
          e.end,
          'gunicorn-env-file-not-found',
          `EnvironmentFile ${serverPath} is not in the workspace: variables it sets (GUNICORN_CMD_ARGS, PORT, ...) are unknown${optional ? '' : '; systemd refuses to start the service when the file is missing on the server'}`,
          'information',
        ),
      );
      continue;
    }
    for (const a of parseEnvFile(text, mapped as string)) {
      env.set(a.name, { value: a.value, source: { file: a.file, start: a.nameStart, end: a.valueWord.end }, valueWord: a.valueWord });
    }
  }
  return { env, complete };
}

/** An environment lookup over a launcher environment (unknown when the environment is incomplete). */
export function lookupIn(env: Map<string, EnvValue>, complete: boolean): EnvLookup {
  return (name) => {
    const v = env.get(name);
    if (v) return v.value;
    return complete ? null : undefined;
  };
}

/** Reads a `.service` unit: one launcher per gunicorn command. */
export function readServiceUnit(text: string, file: string, rc: ReaderContext): { launchers: Launcher[]; findings: Finding[] } {
  const unit = parseUnitFile(text, file);
  const unitName = posix.basename(file);
  const ctx: SpecifierContext = { unitName, userUnit: /\/systemd\/user\//.test(file) };
  const findings: Finding[] = [];
  const { env, complete } = readEnvironment(unit, ctx, rc, findings);
  const lookup = lookupIn(env, complete);

  let execs: UnitEntry[] = [];
  for (const e of entriesOf(unit, 'Service', 'ExecStart')) execs = e.value === '' ? [] : [...execs, e];
  const type = lastEntry(unit, 'Service', 'Type')?.value ?? 'simple';
  if (execs.length > 1 && type !== 'oneshot') {
    findings.push(
      finding(file, execs[1].start, execs[1].end, 'gunicorn-systemd-multiple-execstart', 'systemd refuses a service with more than one ExecStart= unless Type=oneshot', 'error'),
    );
  }

  const workDir = lastEntry(unit, 'Service', 'WorkingDirectory');
  let startDir: Sourced<string> | undefined;
  if (workDir) {
    const raw = workDir.value.startsWith('-') ? workDir.value.slice(1) : workDir.value;
    const { word } = expandSpecifiers({ value: raw, file, start: workDir.start, end: workDir.end }, ctx);
    // `~` is the home of User=, which the files do not tell for sure.
    if (word.value !== '~' && !word.value.startsWith('~/')) startDir = { value: posix.normalize(word.value), source: valueSource(file, workDir) };
  }
  const user = single(unit, 'Service', 'User', ctx);
  const group = single(unit, 'Service', 'Group', ctx);
  const pt = lastEntry(unit, 'Service', 'PrivateTmp');
  // `disconnected` (systemd 256) also gives the service its own /tmp.
  const privateTmp = pt ? { value: pt.value === 'disconnected' || parseUnitBoolean(pt.value) === true, source: valueSource(file, pt) } : undefined;
  let runtimeDirectory: Sourced<string[]> | undefined;
  for (const e of entriesOf(unit, 'Service', 'RuntimeDirectory')) {
    if (e.value === '') {
      runtimeDirectory = undefined;
      continue;
    }
    const names = extractWords(e.value, e.offsets, file, { cunescape: false, relax: true }).words.map((w) => w.value);
    runtimeDirectory = { value: [...(runtimeDirectory?.value ?? []), ...names], source: valueSource(file, e) };
  }

  const launchers: Launcher[] = [];
  for (const e of execs) {
    const parsed = parseExecEntry(e, file, ctx, lookup);
    for (const err of parsed.errors) findings.push(finding(file, err.start, err.end, 'gunicorn-launcher-syntax', `systemd ignores this ExecStart=: ${err.message}`, 'error'));
    for (const cmd of parsed.commands) {
      const found = findGunicorn([cmd.program, ...cmd.args], lookup);
      if (!found) continue;
      const launcherEnv = new Map(env);
      for (const a of found.env) launcherEnv.set(a.name, { value: a.value, source: { file, start: a.word.start, end: a.word.end }, valueWord: subWord(a.word, a.name.length + 1) });
      if (!cmd.program.value.startsWith('/') && found.program === cmd.program) {
        findings.push(
          finding(
            file,
            cmd.program.start,
            cmd.program.end,
            'gunicorn-systemd-relative-exec',
            `systemd looks "${cmd.program.value}" up in /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin, not in PATH from Environment= or a virtualenv: write the absolute path (e.g. /path/to/venv/bin/gunicorn)`,
            'warning',
          ),
        );
      }
      launchers.push({
        kind: 'systemd',
        file,
        range: entrySource(file, e),
        name: unitName,
        program: found.program,
        args: found.args,
        // systemd starts in / without WorkingDirectory=; a `cd` in `sh -c` moves from there.
        startDir: found.cwd ? startDirAfterCd(startDir ?? { value: '/' }, found.cwd) : startDir,
        env: launcherEnv,
        envComplete: complete,
        user,
        group,
        privateTmp,
        runtimeDirectory,
        findings: [],
      });
    }
  }
  return { launchers, findings };
}

/** A `.socket` unit: its ListenStream= addresses (normalized), socket owner and mode, and pairing keys. */
export interface SocketUnit {
  file: string;
  unitName: string;
  listen: Array<Sourced<string>>;
  socketUser?: Sourced<string>;
  socketGroup?: Sourced<string>;
  socketMode?: Sourced<string>;
  /** `Service=`: the service it activates, when not the one of the same name. */
  service?: string;
  /** `Accept=yes` starts one service instance per connection: not gunicorn's model. */
  accept: boolean;
}

/** Normalizes a ListenStream= value like a gunicorn bind: `unix:/path`, `HOST:PORT`, `[v6]:PORT`. */
export function normalizeListenStream(value: string): string | undefined {
  const v = value.trim();
  if (v.startsWith('/')) return 'unix:' + posix.normalize(v);
  if (v.startsWith('@')) return 'unix:' + v;
  // A bare port listens on every address (IPv6 and, with the default BindIPv6Only=both, IPv4).
  if (/^\d+$/.test(v)) return `0.0.0.0:${parseInt(v, 10)}`;
  let m = /^\[([^\]]+)\]:(\d+)$/.exec(v);
  if (m) return m[1] === '::' ? `0.0.0.0:${m[2]}` : `[${m[1].toLowerCase()}]:${parseInt(m[2], 10)}`;
  m = /^([0-9.]+):(\d+)$/.exec(v);
  if (m) return `${m[1] === '0.0.0.0' ? '0.0.0.0' : m[1]}:${parseInt(m[2], 10)}`;
  return undefined;
}

/** Reads a `.socket` unit. */
export function readSocketUnit(text: string, file: string): { socket: SocketUnit; findings: Finding[] } {
  const unit = parseUnitFile(text, file);
  const unitName = posix.basename(file);
  const ctx: SpecifierContext = { unitName };
  const findings: Finding[] = [];
  const listen: Array<Sourced<string>> = [];
  for (const e of entriesOf(unit, 'Socket', 'ListenStream')) {
    if (e.value === '') {
      listen.length = 0;
      continue;
    }
    const { word } = expandSpecifiers({ value: e.value, file, start: e.offsets[0] ?? e.start, end: e.end, offsets: e.offsets }, ctx);
    const norm = normalizeListenStream(word.value);
    if (norm) listen.push({ value: norm, source: valueSource(file, e) });
    else findings.push(finding(file, e.offsets[0] ?? e.start, e.end, 'gunicorn-launcher-syntax', `ListenStream=${e.value}: not an address DeployLens understands`, 'information'));
  }
  const accept = parseUnitBoolean(lastEntry(unit, 'Socket', 'Accept')?.value ?? 'no') === true;
  const service = lastEntry(unit, 'Socket', 'Service')?.value;
  return {
    socket: {
      file,
      unitName,
      listen,
      socketUser: single(unit, 'Socket', 'SocketUser', ctx),
      socketGroup: single(unit, 'Socket', 'SocketGroup', ctx),
      socketMode: single(unit, 'Socket', 'SocketMode', ctx),
      ...(service ? { service } : {}),
      accept,
    },
    findings,
  };
}

/** The socket unit names a service lists in `Sockets=`. */
export function serviceSockets(text: string, file: string): string[] {
  const unit = parseUnitFile(text, file);
  return entriesOf(unit, 'Service', 'Sockets').flatMap((e) => e.value.split(/\s+/).filter(Boolean));
}
