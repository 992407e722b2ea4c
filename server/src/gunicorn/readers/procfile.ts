/**
 * Procfile (Heroku, Dokku, honcho, foreman): `type: command` lines, run by a shell from the app's
 * root directory. The platform sets `PORT`, so gunicorn's default bind becomes `0.0.0.0:$PORT`.
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import { findInShell } from '../command';
import { startDirAfterCd, type EnvValue, type Launcher } from '../launcher';
import { splitWords } from '../shell';
import { subWord } from '../words';
import { lookupIn } from './systemd';

/** Reads a Procfile: one launcher per process type whose command runs gunicorn. */
export function readProcfile(text: string, file: string): { launchers: Launcher[]; findings: Finding[] } {
  const launchers: Launcher[] = [];
  const findings: Finding[] = [];
  const re = /^([A-Za-z0-9_-]+):[ \t]*(.*)$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1];
    const commandStart = m.index + m[0].length - m[2].length;
    const command = m[2].replace(/\r$/, '');
    // The platform provides PORT at run time; its value is not in any file.
    const env = new Map<string, EnvValue>([['PORT', { value: undefined }]]);
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
