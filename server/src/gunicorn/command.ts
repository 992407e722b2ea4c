/**
 * Finds the gunicorn invocation inside a command (argv words): `gunicorn …`, `/home/u/venv/bin/gunicorn …`,
 * `python -m gunicorn …`, behind wrappers (`exec`, `env K=V`, `nohup`, `sh -c "…"`, `pipenv run`,
 * `poetry run`, `uv run`, `ddtrace-run`, …) and shell variable assignments (`PORT=8000 gunicorn …`).
 */
import { splitWords, type EnvLookup, type ShellWord } from './shell';
import { getOwn } from '../common/own';

/** A gunicorn invocation: the program word, the arguments gunicorn parses, and env set on the way. */
export interface GunicornCommand {
  program: ShellWord;
  args: ShellWord[];
  /** `K=V` words before the program (shell prefix assignments, `env K=V`). */
  env: Array<{ name: string; value: string; word: ShellWord }>;
  /** The wrappers passed through, outermost first (`sh -c`, `exec`, `python -m`). */
  via: string[];
  /** A `cd DIR` run before gunicorn in the same shell command line (relative to the launcher's directory). */
  cwd?: { value: string; word: ShellWord };
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** True for a program word that is gunicorn itself. */
export function isGunicornProgram(value: string): boolean {
  return /^gunicorn3?$/.test(basename(value));
}

const PYTHON = /^python(\d+(\.\d+)?)?$/;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
// Programs that run the rest of their command line, with how many of their own words to skip.
const RUNNERS: Record<string, string[]> = {
  // Shell keywords that may precede a command on the same line.
  then: [],
  do: [],
  else: [],
  '{': [],
  '(': [],
  '!': [],
  exec: [],
  nohup: [],
  time: [],
  pipenv: ['run'],
  poetry: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  uv: ['run'],
  rye: ['run'],
  'ddtrace-run': [],
  'opentelemetry-instrument': [],
  'newrelic-admin': ['run-program'],
  'dumb-init': [],
  tini: [],
  gosu: ['<user>'],
  chpst: [],
  sudo: [],
  runuser: [],
  'su-exec': ['<user>'],
  setuidgid: ['<user>'],
};

// Runner options that take a separate value (`chpst -u user`, `sudo -u user`).
const VALUED_OPTIONS: Record<string, RegExp> = {
  chpst: /^-[uUe/nlLmdofcrt]$/,
  sudo: /^-[ugCDhprRtTU]$/,
  runuser: /^-[ugGs]$|^--(user|group|supp-group|shell)$/,
};

/** Remaps words split from a word's value back to the word's own source offsets. */
function remap(inner: ShellWord[], outer: ShellWord): ShellWord[] {
  const map = outer.offsets;
  return inner.map((w) => {
    if (!map) return { ...w, file: outer.file, start: outer.start, end: outer.end, offsets: undefined };
    const offsets = (w.offsets ?? []).map((o) => map[Math.min(o, map.length - 1)] ?? outer.start);
    const start = map[Math.min(w.start, map.length - 1)] ?? outer.start;
    const last = w.end > w.start ? (map[Math.min(w.end - 1, map.length - 1)] ?? start) + 1 : start;
    return { ...w, file: outer.file, start, end: Math.max(start, last), offsets };
  });
}

/**
 * The gunicorn command in `words`, or undefined. `env` resolves `$VAR` in `sh -c` strings.
 * Bounded: at most 4 levels of wrapping.
 */
export function findGunicorn(words: ShellWord[], env: EnvLookup, depth = 0): GunicornCommand | undefined {
  if (depth > 4) return undefined;
  const assigned: GunicornCommand['env'] = [];
  const via: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    const v = w.value;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
    if (m) {
      assigned.push({ name: m[1], value: m[2], word: w });
      i++;
      continue;
    }
    const base = basename(v);
    if (isGunicornProgram(v)) return { program: w, args: words.slice(i + 1), env: assigned, via };
    if (base === 'env') {
      via.push('env');
      i++;
      // env's own options (-i, -u NAME, --) before assignments.
      while (i < words.length && words[i].value.startsWith('-')) i += words[i].value === '-u' ? 2 : 1;
      continue;
    }
    if (PYTHON.test(base)) {
      // python [-u -O -B -X opt -W arg ...] -m gunicorn ARGS
      let k = i + 1;
      while (k < words.length && words[k].value.startsWith('-') && words[k].value !== '-m') {
        k += /^-[XW]$/.test(words[k].value) ? 2 : 1;
      }
      if (words[k]?.value === '-m' && words[k + 1] && isGunicornProgram(words[k + 1].value)) {
        return { program: w, args: words.slice(k + 2), env: assigned, via: [...via, 'python -m'] };
      }
      if (words[k]?.value.startsWith('-mgunicorn')) return { program: w, args: words.slice(k + 1), env: assigned, via: [...via, 'python -m'] };
      return undefined;
    }
    if (SHELLS.has(base)) {
      let k = i + 1;
      while (k < words.length && words[k].value.startsWith('-') && !/^-[a-z]*c[a-z]*$/.test(words[k].value)) k++;
      if (k < words.length && /^-[a-z]*c[a-z]*$/.test(words[k].value) && words[k + 1]) {
        const script = words[k + 1];
        const found = findInShell(script.value, script.file, env, { outer: script, depth: depth + 1 });
        if (found) return { ...found, env: [...assigned, ...found.env], via: [...via, `${base} -c`, ...found.via] };
      }
      return undefined;
    }
    // Own keys only: a program named `constructor` is no runner.
    const runner = getOwn(RUNNERS, base);
    if (runner) {
      via.push(base);
      i++;
      for (const expected of runner) {
        if (i < words.length && (expected === '<user>' || words[i].value === expected)) i++;
      }
      // Options of the runner itself (`uv run --no-sync gunicorn`, `chpst -u app gunicorn`).
      const valued = getOwn(VALUED_OPTIONS, base);
      while (i < words.length && words[i].value.startsWith('-') && !isGunicornProgram(words[i].value)) {
        i += valued && valued.test(words[i].value) ? 2 : 1;
      }
      continue;
    }
    return undefined;
  }
  return undefined;
}

/**
 * The gunicorn command in a shell command line (`cd /srv && export X=1 && exec gunicorn …`):
 * commands run in order, `cd` and `export`/assignments before gunicorn are kept (the directory in
 * `cwd`, the variables in `env` and visible to later `$VAR`s). `outer`: the word the text came from
 * (`sh -c WORD`), whose offsets the words are mapped back through; else `base` shifts them.
 */
export function findInShell(text: string, file: string, env: EnvLookup, options: { outer?: ShellWord; base?: number; depth?: number } = {}): GunicornCommand | undefined {
  const local = new Map<string, { value: string; word: ShellWord }>();
  const lookup: EnvLookup = (n) => (local.has(n) ? (local.get(n) as { value: string }).value : env(n));
  let cwd: GunicornCommand['cwd'];
  let found: GunicornCommand | undefined;
  const depth = options.depth ?? 0;
  splitWords(text, file, {
    mode: 'sh',
    base: options.outer ? 0 : (options.base ?? 0),
    env: lookup,
    onCommand: (raw) => {
      if (found) return;
      const cmd = options.outer ? remap(raw, options.outer) : raw;
      const head = cmd[0].value;
      if (head === 'cd') {
        const target = cmd[1];
        // `cd` alone goes home, and a directory from an unknown variable is unknown: both lose the cwd.
        cwd = target && !target.unknownVars ? { value: cwd && !target.value.startsWith('/') ? posixJoin(cwd.value, target.value) : target.value, word: target } : undefined;
        return;
      }
      const assigns = head === 'export' ? cmd.slice(1) : cmd.every((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) ? cmd : [];
      if (assigns.length) {
        for (const w of assigns) {
          const eq = w.value.indexOf('=');
          if (eq > 0) local.set(w.value.slice(0, eq), { value: w.value.slice(eq + 1), word: w });
        }
        return;
      }
      const f = findGunicorn(cmd, lookup, depth);
      if (f) {
        const exported = [...local].map(([name, v]) => ({ name, value: v.value, word: v.word }));
        found = { ...f, env: [...exported, ...f.env], ...(cwd ? { cwd } : {}) };
      }
    },
  });
  return found;
}

function posixJoin(a: string, b: string): string {
  return (a.endsWith('/') ? a : a + '/') + b;
}
