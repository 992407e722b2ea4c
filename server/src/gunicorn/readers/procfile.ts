/**
 * Procfile (Heroku, Dokku, honcho, foreman): `type: command` lines, run by a shell from the app's
 * root directory. gunicorn's default bind becomes `0.0.0.0:$PORT` when PORT is set.
 *
 * Who sets PORT: Heroku and Dokku set it themselves (unknown here). honcho and foreman, the usual
 * way to run a Procfile on a server behind nginx, load `.env` beside the Procfile into every
 * process's environment and give process type number k (0-based, in Procfile order) the port
 * `base + 100 * k`, where base is `.env`'s PORT, else the caller's PORT, else 5000
 * (honcho `_choose_port`/`expand_processes`, foreman `port_for`). With a `.env` PORT the port is
 * therefore known; without one it stays unknown (the caller's environment or the platform decides).
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import type { ProjectHost } from '../../common/host';
import { findInShell } from '../command';
import { startDirAfterCd, type EnvValue, type Launcher } from '../launcher';
import { splitWords } from '../shell';
import { parseEnvFile } from '../systemd/environment';
import { subWord } from '../words';
import { lookupIn } from './systemd';

/** The variables of `.env` beside the Procfile, as honcho and foreman load them (none without a host or file). */
export function procfileDotEnv(file: string, host: ProjectHost | undefined): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  const path = posix.join(posix.dirname(file), '.env');
  const text = host?.readFile(path);
  if (text === undefined) return env;
  // honcho splits each line with shlex and foreman with a regex; for NAME=value lines with quotes
  // both agree with systemd's env-file syntax, which the parser implements.
  for (const a of parseEnvFile(text, path)) env.set(a.name, { value: a.value, source: { file: a.file, start: a.nameStart, end: a.valueWord.end }, valueWord: a.valueWord });
  return env;
}

/** Reads a Procfile: one launcher per process type whose command runs gunicorn. `host` reads `.env` beside it. */
export function readProcfile(text: string, file: string, host?: ProjectHost): { launchers: Launcher[]; findings: Finding[] } {
  const launchers: Launcher[] = [];
  const findings: Finding[] = [];
  const dotEnv = procfileDotEnv(file, host);
  const basePort = dotEnv.get('PORT');
  const base = basePort?.value !== undefined && /^\d+$/.test(basePort.value.trim()) ? Number(basePort.value.trim()) : undefined;
  const re = /^([A-Za-z0-9_-]+):[ \t]*(.*)$/gm;
  let index = 0;
  for (let m = re.exec(text); m; m = re.exec(text), index++) {
    const name = m[1];
    const commandStart = m.index + m[0].length - m[2].length;
    const command = m[2].replace(/\r$/, '');
    const env = new Map<string, EnvValue>(dotEnv);
    // The port of this process type: base + 100 per earlier process type; unknown without a .env PORT.
    env.set('PORT', base !== undefined ? { value: String(base + 100 * index), source: basePort!.source, valueWord: basePort!.valueWord } : { value: undefined });
    const lookup = lookupIn(env, false);
    const split = splitWords(command, file, { mode: 'sh', base: commandStart, env: lookup });
    for (const e of split.errors) findings.push({ file, start: e.start, end: e.end, severity: 'error', code: 'gunicorn-launcher-syntax', message: `Procfile ${name}: ${e.message}` });
    const found = findInShell(command, file, lookup, { base: commandStart });
    if (!found) continue;
    const launcherEnv = new Map(env);
    for (const a of found.env) launcherEnv.set(a.name, { value: a.value, source: { file, start: a.word.start, end: a.word.end }, valueWord: subWord(a.word, a.name.length + 1) });
    // The app root is where the Procfile is; `cd /abs` leaves the workspace for a server path.
    const absoluteCd = found.cwd?.value.startsWith('/');
    const startDir = startDirAfterCd({ value: posix.dirname(file) }, found.cwd);
    launchers.push({
      kind: 'procfile',
      file,
      range: { file, start: m.index, end: m.index + m[0].length },
      name,
      program: found.program,
      args: found.args,
      startDir,
      ...(absoluteCd ? {} : { startDirIsWorkspace: true }),
      env: launcherEnv,
      envComplete: true,
      findings: [],
    });
  }
  return { launchers, findings };
}
