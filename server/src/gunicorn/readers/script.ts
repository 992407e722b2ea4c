/**
 * Shell scripts that start gunicorn (runit/daemontools `run` files, Docker entrypoints, `start.sh`):
 * the commands are read in order, following `cd DIR` (the start directory), `export K=V` and `K=V`
 * assignments, until a command that runs gunicorn (`exec gunicorn …`, `gunicorn …`).
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import { findGunicorn } from '../command';
import type { EnvValue, Launcher, Sourced } from '../launcher';
import { splitWords, type EnvLookup, type ShellWord } from '../shell';
import { subWord } from '../words';

/** What a script inherits: the environment and cwd of whatever runs it (a Docker image, ...). */
export interface ScriptContext {
  env?: Map<string, EnvValue>;
  cwd?: Sourced<string>;
  /** True when `env` is everything the script gets (a Docker image); else unknown variables may be set. */
  envComplete?: boolean;
}

/** Reads a shell script; one launcher per gunicorn command. */
export function readScript(text: string, file: string, context: ScriptContext = {}): { launchers: Launcher[]; findings: Finding[] } {
  const launchers: Launcher[] = [];
  const env = new Map<string, EnvValue>(context.env ?? []);
  let cwd: Sourced<string> | undefined = context.cwd;
  const complete = context.envComplete === true;
  // Variables nobody sets come from whoever runs the script: unknown, not unset (unless the context is complete).
  const lookup: EnvLookup = (name) => (env.has(name) ? (env.get(name) as EnvValue).value : complete ? null : undefined);
  // Commands are handled as the splitter completes them, so that assignments are visible to later `$VAR`s.
  const onCommand = (words: ShellWord[]) => {
    const head = words[0].value;
    if (head === 'cd' && words[1]) {
      const target = words[1].value;
      if (!words[1].unknownVars) cwd = { value: posix.resolve(cwd?.value ?? '/', target), source: { file, start: words[0].start, end: words[1].end } };
      else cwd = undefined;
      return;
    }
    const assigns = head === 'export' ? words.slice(1) : words.every((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) ? words : [];
    if (assigns.length) {
      for (const w of assigns) {
        const eq = w.value.indexOf('=');
        if (eq <= 0) continue;
        env.set(w.value.slice(0, eq), { value: w.unknownVars ? undefined : w.value.slice(eq + 1), source: { file, start: w.start, end: w.end }, valueWord: subWord(w, eq + 1) });
      }
      return;
    }
    const found = findGunicorn(words, lookup);
    if (!found) return;
    const launcherEnv = new Map(env);
    for (const a of found.env) launcherEnv.set(a.name, { value: a.value, source: { file, start: a.word.start, end: a.word.end }, valueWord: subWord(a.word, a.name.length + 1) });
    launchers.push({
      kind: 'script',
      file,
      range: { file, start: words[0].start, end: words[words.length - 1].end },
      name: posix.basename(file),
      program: found.program,
      args: found.args,
      startDir: cwd,
      env: launcherEnv,
      // The script inherits an environment we do not see, unless its caller is known.
      envComplete: complete,
      findings: [],
    });
  };
  const split = splitWords(text, file, { mode: 'sh', env: lookup, onCommand });
  const findings: Finding[] = split.errors.map((e) => ({ file, start: e.start, end: e.end, severity: 'warning' as const, code: 'gunicorn-launcher-syntax', message: `shell: ${e.message}` }));
  return { launchers, findings };
}
