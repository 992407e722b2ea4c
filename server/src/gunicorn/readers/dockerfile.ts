/**
 * Dockerfiles: the final stage's ENTRYPOINT/CMD (exec form as a JSON array, else shell form run by
 * `/bin/sh -c`), with its WORKDIR (the cwd, default `/`), ENV (`ENV k=v …` and legacy `ENV k v`,
 * with `$VAR`/`${VAR:-x}` substitution), USER, and the `COPY . <dir>` that says which server
 * directory holds the build context. Line continuations, comment lines inside them, the
 * `# escape=` directive and RUN heredocs are handled.
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import { findGunicorn, findInShell, type GunicornCommand } from '../command';
import { startDirAfterCd, type EnvValue, type Launcher, type Sourced } from '../launcher';
import { splitWords, type EnvLookup, type ShellWord } from '../shell';
import { subWord, type Source } from '../words';
import type { ReaderContext } from './context';
import { readScript } from './script';
import { lookupIn } from './systemd';

/** One instruction with its arguments' text and offset map. */
interface Instruction {
  keyword: string;
  /** Arguments after the keyword, continuation lines joined (comments dropped). */
  args: string;
  offsets: number[];
  start: number;
  end: number;
}

function parseInstructions(text: string): Instruction[] {
  const lines: Array<{ text: string; start: number }> = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start: pos });
    pos += raw.length + 1;
  }
  let escape = '\\';
  // Parser directives: only at the very top, before any instruction or other comment.
  for (const l of lines) {
    const d = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(l.text);
    if (!d) break;
    if (d[1].toLowerCase() === 'escape' && (d[2] === '`' || d[2] === '\\')) escape = d[2];
  }
  const out: Instruction[] = [];
  for (let n = 0; n < lines.length; n++) {
    const first = lines[n];
    if (/^\s*(#.*)?$/.test(first.text)) continue;
    const m = /^\s*([A-Za-z]+)(\s+|$)/.exec(first.text);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    let args = '';
    const offsets: number[] = [];
    let seg = first.text.slice(m[0].length);
    let segStart = first.start + m[0].length;
    let end = first.start + first.text.length;
    for (;;) {
      const cont = new RegExp(`\\${escape}\\s*$`).exec(seg);
      const body = cont ? seg.slice(0, cont.index) : seg;
      for (let k = 0; k < body.length; k++) {
        args += body[k];
        offsets.push(segStart + k);
      }
      if (!cont) break;
      let next = n + 1;
      // Comment lines (and, since BuildKit, empty lines) inside a continuation are skipped.
      while (next < lines.length && /^\s*(#.*)?$/.test(lines[next].text)) next++;
      if (next >= lines.length) break;
      n = next;
      seg = lines[n].text;
      segStart = lines[n].start;
      end = lines[n].start + lines[n].text.length;
    }
    offsets.push(end);
    out.push({ keyword, args, offsets, start: first.start + (first.text.length - first.text.trimStart().length), end });
    // RUN heredocs: skip the document body.
    const here = keyword === 'RUN' || keyword === 'COPY' ? /<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(args) : null;
    if (here) {
      while (n + 1 < lines.length && lines[n + 1].text.trim() !== here[1]) n++;
      n++;
    }
  }
  return out;
}

/** Docker's variable substitution (`$V`, `${V}`, `${V:-word}`, `${V:+word}`, `\$`). */
function substitute(s: string, env: EnvLookup): { value: string; unknown: string[] } {
  const unknown: string[] = [];
  const value = s.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, n1?: string, op?: string, word?: string, n2?: string) => {
    if (m === '\\$') return '$';
    const name = (n1 ?? n2) as string;
    const v = env(name);
    if (op === '-') return typeof v === 'string' && v !== '' ? v : v === undefined ? (unknown.push(name), m) : (word ?? '');
    if (op === '+') return typeof v === 'string' && v !== '' ? (word ?? '') : v === undefined ? (unknown.push(name), m) : '';
    if (v === undefined) {
      unknown.push(name);
      return m;
    }
    return v ?? '';
  });
  return { value, unknown };
}

/** A JSON array of strings with the source offsets of each string's characters; undefined when not JSON. */
export function parseExecForm(ins: { args: string; offsets: number[] }, file: string): ShellWord[] | undefined {
  const s = ins.args;
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  ws();
  if (s[i] !== '[') return undefined;
  i++;
  const words: ShellWord[] = [];
  ws();
  if (s[i] === ']') return [];
  for (;;) {
    ws();
    if (s[i] !== '"') return undefined;
    const open = i++;
    let value = '';
    const map: number[] = [];
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\') {
        const e = s[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          value += simple[e];
          map.push(ins.offsets[i]);
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
          map.push(ins.offsets[i]);
          i += 6;
        } else return undefined;
        continue;
      }
      value += s[i];
      map.push(ins.offsets[i]);
      i++;
    }
    if (s[i] !== '"') return undefined;
    map.push(ins.offsets[i]);
    words.push({ value, file, start: ins.offsets[open], end: ins.offsets[i] + 1, offsets: map });
    i++;
    ws();
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (s[i] === ']') {
      i++;
      ws();
      return i === s.length ? words : undefined;
    }
    return undefined;
  }
}

/** ENV arguments: `k=v k2="v 2"` pairs, or the legacy `k value with spaces`. */
function parseEnv(ins: Instruction, file: string, env: Map<string, EnvValue>, args: Map<string, EnvValue>): void {
  // Later pairs see earlier ones of the same instruction only in the legacy form; ARGs are visible too.
  const lookup = lookupIn(new Map([...args, ...env]), true);
  const first = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)(=|\s+|$)/.exec(ins.args);
  if (!first) return;
  if (first[2] !== '=') {
    const start = first[0].length;
    const raw = ins.args.slice(start).trim();
    const { value } = substitute(raw, lookup);
    const at = ins.offsets[start] ?? ins.start;
    env.set(first[1], { value, source: { file, start: ins.offsets[first.index] ?? ins.start, end: ins.end }, valueWord: { value, file, start: at, end: ins.end } });
    return;
  }
  // Quote-aware split of `k=v` words (shell-like, without expansion), then substitution of each value.
  const split = splitWords(ins.args, file, { mode: 'shlex' });
  for (const w of split.commands.flat()) {
    const mapped: ShellWord = {
      ...w,
      start: ins.offsets[w.start - 0] ?? ins.start,
      end: (ins.offsets[Math.max(w.start, w.end - 1)] ?? ins.start) + 1,
      offsets: (w.offsets ?? []).map((o) => ins.offsets[o] ?? ins.start),
    };
    const eq = mapped.value.indexOf('=');
    if (eq <= 0) continue;
    const name = mapped.value.slice(0, eq);
    const { value } = substitute(mapped.value.slice(eq + 1), lookup);
    const valueWord = { ...subWord(mapped, eq + 1), value };
    env.set(name, { value, source: { file, start: mapped.start, end: mapped.end }, valueWord });
  }
}

interface Stage {
  name?: string;
  env: Map<string, EnvValue>;
  args: Map<string, EnvValue>;
  workdir: Sourced<string>;
  user?: Sourced<string>;
  entrypoint?: Instruction;
  cmd?: Instruction;
  /** The CMD came from the base stage (an ENTRYPOINT in this stage resets it). */
  cmdInherited?: boolean;
  /** `COPY . <dir>`: the server directory holding the build context. */
  contextDir?: string;
}

/**
 * A command of an image or a compose service: exec-form words, or shell-form text that the
 * container runs as `/bin/sh -c TEXT` (`shell` is the text with its source offsets).
 */
export type CommandPart = { exec: ShellWord[]; range: Source } | { shell: ShellWord; range: Source };

/** The final stage of a Dockerfile, as a container of it starts. */
export interface DockerImage {
  /** The Dockerfile. */
  file: string;
  /** The stage name (`FROM … AS name`). */
  name?: string;
  env: Map<string, EnvValue>;
  workdir: Sourced<string>;
  user?: Sourced<string>;
  entrypoint?: CommandPart;
  cmd?: CommandPart;
  /** `COPY . <dir>`: the server directory holding the build context. */
  contextDir?: string;
}

function commandPart(ins: Instruction, file: string): CommandPart {
  const range = { file, start: ins.start, end: ins.end };
  const exec = parseExecForm(ins, file);
  return exec ? { exec, range } : { shell: { value: ins.args, file, start: ins.start, end: ins.end, offsets: ins.offsets }, range };
}

/** Reads a Dockerfile's final stage (ENV, WORKDIR, USER, ENTRYPOINT, CMD, build-context copy). */
export function readDockerImage(text: string, file: string): { image?: DockerImage; findings: Finding[] } {
  const findings: Finding[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, EnvValue>();
  let stage: Stage | undefined;
  for (const ins of parseInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const m = /^\s*(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args);
      const base = m ? stages.find((s) => s.name !== undefined && s.name === m[1].toLowerCase()) : undefined;
      stage = {
        name: m?.[2]?.toLowerCase(),
        env: new Map(base?.env ?? []),
        args: new Map(),
        workdir: base?.workdir ?? { value: '/' },
        user: base?.user,
        entrypoint: base?.entrypoint,
        cmd: base?.cmd,
        cmdInherited: base?.cmd !== undefined,
        contextDir: base?.contextDir,
      };
      stages.push(stage);
      continue;
    }
    if (ins.keyword === 'ARG') {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(ins.args);
      if (!m) continue;
      const target = stage ? stage.args : globalArgs;
      const inherited = stage ? globalArgs.get(m[1]) : undefined;
      // An ARG without a default is set at build time (--build-arg): unknown here.
      target.set(m[1], { value: m[2] !== undefined ? m[2].replace(/^"(.*)"$/, '$1') : inherited?.value });
      continue;
    }
    if (!stage) continue;
    const scope = new Map([...stage.args, ...stage.env]);
    const lookup = lookupIn(scope, true);
    switch (ins.keyword) {
      case 'ENV':
        parseEnv(ins, file, stage.env, stage.args);
        break;
      case 'WORKDIR': {
        const { value } = substitute(ins.args.trim(), lookup);
        stage.workdir = { value: posix.resolve(stage.workdir.value, value), source: { file, start: ins.start, end: ins.end } };
        break;
      }
      case 'USER':
        stage.user = { value: substitute(ins.args.trim(), lookup).value, source: { file, start: ins.start, end: ins.end } };
        break;
      case 'COPY':
      case 'ADD': {
        const parts = ins.args.trim().split(/\s+/).filter((p) => !p.startsWith('--'));
        if (parts.length === 2 && (parts[0] === '.' || parts[0] === './')) {
          stage.contextDir = posix.resolve(stage.workdir.value, substitute(parts[1], lookup).value);
        }
        break;
      }
      case 'ENTRYPOINT':
        stage.entrypoint = ins;
        // Setting ENTRYPOINT resets a CMD inherited from the base image (not one of this stage).
        if (stage.cmdInherited) stage.cmd = undefined;
        break;
      case 'CMD':
        stage.cmd = ins;
        stage.cmdInherited = false;
        break;
    }
  }
  const final = stages[stages.length - 1];
  if (!final) return { findings };
  for (const ins of [final.entrypoint, final.cmd]) {
    if (!ins || parseExecForm(ins, file)) continue;
    for (const e of splitWords(ins.args, file, { mode: 'sh' }).errors) {
      findings.push({ file, start: ins.offsets[e.start] ?? ins.start, end: ins.end, severity: 'error', code: 'gunicorn-launcher-syntax', message: `${ins.keyword}: ${e.message}` });
    }
  }
  return {
    image: {
      file,
      name: final.name,
      env: final.env,
      workdir: final.workdir,
      user: final.user,
      entrypoint: final.entrypoint ? commandPart(final.entrypoint, file) : undefined,
      cmd: final.cmd ? commandPart(final.cmd, file) : undefined,
      contextDir: final.contextDir,
    },
    findings,
  };
}

/** How a container of an image is started, for `launchImage`. */
export interface LaunchSite {
  kind: Launcher['kind'];
  /** The launcher file (the Dockerfile, or the compose file). */
  file: string;
  name?: string;
  /** Whether the environment is all there is (a compose `environment:` from an unread file is not). */
  envComplete?: boolean;
  /** Workspace directory of the build context, for `COPY . <dir>`. */
  contextWorkspace: string;
}

/**
 * The gunicorn launcher of a container of `image`: ENTRYPOINT + CMD (exec forms concatenated; a
 * shell-form ENTRYPOINT ignores CMD), with the `exec "$@"` entrypoint-script convention (CMD alone),
 * and an entrypoint script in the workspace read in the image's environment.
 */
export function launchImage(image: DockerImage, site: LaunchSite, rc: ReaderContext | undefined, findings: Finding[]): Launcher | undefined {
  const lookup = lookupIn(image.env, site.envComplete !== false);
  const { entrypoint: ep, cmd } = image;
  // A shell form runs as `/bin/sh -c TEXT`: `cd` and `export` before gunicorn count.
  const viaShell = (w: ShellWord) => findInShell(w.value, w.file, lookup, { outer: w });
  const run = (p: CommandPart) => ('exec' in p ? findGunicorn(p.exec, lookup) : viaShell(p.shell));
  let found: GunicornCommand | undefined;
  let range: Source | undefined;
  if (ep && 'exec' in ep && cmd && 'exec' in cmd) {
    found = findGunicorn([...ep.exec, ...cmd.exec], lookup);
    if (found) range = ep.range;
  }
  if (!found && ep) {
    found = run(ep);
    if (found) range = ep.range;
  }
  // An entrypoint script that ends in `exec "$@"` runs CMD: take CMD alone.
  if (!found && cmd && (!ep || 'exec' in ep)) {
    found = run(cmd);
    if (found) range = cmd.range;
  }
  const mappings = image.contextDir ? [{ server: image.contextDir, workspace: site.contextWorkspace }] : undefined;
  if (!found && ep && 'exec' in ep && rc) {
    // The entrypoint is a script in the workspace that starts gunicorn itself: read it in this image's context.
    const script = rc.paths.file(ep.exec[0]?.value ?? '', posix.dirname(image.file));
    const text = script ? rc.host.readFile(script) : undefined;
    if (script && text !== undefined) {
      const r = readScript(text, script, { env: image.env, cwd: image.workdir, envComplete: site.envComplete !== false });
      const l = r.launchers[0];
      if (l) {
        findings.push(...r.findings);
        return { ...l, kind: site.kind, file: site.file, name: site.name, user: image.user, envComplete: site.envComplete !== false, ...(mappings ? { mappings } : {}) };
      }
    }
  }
  if (!found || !range) return undefined;
  const env = new Map(image.env);
  for (const a of found.env) env.set(a.name, { value: a.value, source: { file: a.word.file, start: a.word.start, end: a.word.end }, valueWord: subWord(a.word, a.name.length + 1) });
  return {
    kind: site.kind,
    file: site.file,
    range,
    name: site.name,
    program: found.program,
    args: found.args,
    startDir: startDirAfterCd(image.workdir, found.cwd),
    env,
    envComplete: site.envComplete !== false,
    user: image.user,
    findings: [],
    ...(mappings ? { mappings } : {}),
  };
}

/** Reads a Dockerfile: the launcher of its final stage, when it runs gunicorn. */
export function readDockerfile(text: string, file: string, rc?: ReaderContext): { launchers: Launcher[]; findings: Finding[] } {
  const { image, findings } = readDockerImage(text, file);
  if (!image) return { launchers: [], findings };
  const launcher = launchImage(image, { kind: 'dockerfile', file, name: image.name, contextWorkspace: posix.dirname(file) }, rc, findings);
  return { launchers: launcher ? [launcher] : [], findings };
}
