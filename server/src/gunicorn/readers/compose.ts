/**
 * docker compose files (`compose.yaml`, `docker-compose*.yml`): each service that runs gunicorn, as
 * compose starts it: the image built from the service's Dockerfile (its WORKDIR, ENV, ENTRYPOINT,
 * CMD), overridden by the service's `command:` (a string is split shell-like, without a shell),
 * `entrypoint:` (which drops the image's CMD), `working_dir:`, `environment:`, `env_file:`, `user:`.
 * `${VAR}` / `${VAR:-default}` / `$$` are interpolated from the `.env` file next to the compose file;
 * other variables come from the shell that runs compose, so they stay unknown.
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import type { Launcher, Sourced } from '../launcher';
import { shlexSplit, type ShellWord } from '../shell';
import { parseEnvFile } from '../systemd/environment';
import type { Word } from '../words';
import type { ReaderContext } from './context';
import { launchImage, readDockerImage, type CommandPart, type DockerImage } from './dockerfile';
import { get, parseYaml, type YamlNode } from './yamlLite';

/** True for the file names compose looks for (and their -override / .prod variants). */
export function isComposeFile(name: string): boolean {
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(name);
}

/** Compose interpolation of one scalar: known variables replaced, unknown ones kept as written. */
function interpolate(word: Word, vars: Map<string, string>): ShellWord {
  const src = word.offsets ?? [];
  let value = '';
  const offsets: number[] = [];
  const unknown: string[] = [];
  const v = word.value;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '$' && v[i + 1] === '$') {
      value += '$';
      offsets.push(src[i] ?? word.start);
      i++;
      continue;
    }
    const m = v[i] === '$' ? /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(v.slice(i)) : null;
    if (!m) {
      value += v[i];
      offsets.push(src[i] ?? word.start);
      continue;
    }
    const name = (m[1] ?? m[4]) as string;
    const op = m[2];
    const known = vars.get(name);
    const empty = known === undefined || (op?.startsWith(':') && known === '');
    let text: string;
    if (op?.endsWith('-')) text = !empty ? (known as string) : (m[3] ?? '');
    else if (op?.endsWith('+')) text = !empty ? (m[3] ?? '') : '';
    else if (known !== undefined) text = known;
    else {
      text = m[0];
      unknown.push(name);
    }
    for (let k = 0; k < text.length; k++) offsets.push(src[i] ?? word.start);
    value += text;
    i += m[0].length - 1;
  }
  offsets.push(word.end);
  const out: ShellWord = { value, file: word.file, start: word.start, end: word.end, offsets };
  if (unknown.length) out.unknownVars = unknown;
  return out;
}

/** A `command:`/`entrypoint:` value as exec words: a list as is, a string split like a shell would (no expansion). */
function commandWords(node: YamlNode | undefined, vars: Map<string, string>): ShellWord[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') return node.items.flatMap((i) => (i.kind === 'scalar' ? [interpolate(i.word, vars)] : []));
  if (node.kind !== 'scalar') return undefined;
  const w = interpolate(node.word, vars);
  const split = shlexSplit(w.value, w.file, 0);
  const map = w.offsets ?? [];
  return split.words.map((x) => ({
    ...x,
    start: map[x.start] ?? w.start,
    end: (map[Math.max(x.start, x.end - 1)] ?? w.start) + 1,
    offsets: (x.offsets ?? []).map((o) => map[o] ?? w.start),
    ...(w.unknownVars ? { unknownVars: w.unknownVars } : {}),
  }));
}

function scalarOf(node: YamlNode | undefined, vars: Map<string, string>): ShellWord | undefined {
  return node?.kind === 'scalar' ? interpolate(node.word, vars) : undefined;
}

/** Variables for interpolation: the `.env` file next to the compose file. */
function dotEnv(rc: ReaderContext, dir: string): Map<string, string> {
  const text = rc.host.readFile(posix.join(dir, '.env'));
  return new Map(text === undefined ? [] : parseEnvFile(text, posix.join(dir, '.env')).map((a) => [a.name, a.value] as [string, string]));
}

/** Reads a compose file: one launcher per service that runs gunicorn. `dockerfiles` collects the Dockerfiles services build. */
export function readCompose(text: string, file: string, rc: ReaderContext, dockerfiles: Set<string>): { launchers: Launcher[]; findings: Finding[] } {
  const launchers: Launcher[] = [];
  const findings: Finding[] = [];
  const dir = posix.dirname(file);
  const vars = dotEnv(rc, dir);
  const services = get(parseYaml(text, file), 'services');
  if (!services || services.kind !== 'map') return { launchers, findings };
  for (const { key, value: svc } of services.entries) {
    if (!svc || svc.kind !== 'map') continue;
    // The image: built from a Dockerfile in the workspace, or a registry image we know nothing about.
    const build = get(svc, 'build');
    const context = build?.kind === 'scalar' ? build.word.value : scalarOf(get(build, 'context'), vars)?.value;
    const dockerfileName = scalarOf(get(build, 'dockerfile'), vars)?.value ?? 'Dockerfile';
    let image: DockerImage = { file, env: new Map(), workdir: { value: '/' } };
    let contextWorkspace = dir;
    let imageKnown = false;
    if (context !== undefined) {
      contextWorkspace = posix.resolve(dir, context);
      const dockerfile = posix.resolve(contextWorkspace, dockerfileName);
      const dtext = rc.host.readFile(dockerfile);
      if (dtext !== undefined) {
        const r = readDockerImage(dtext, dockerfile);
        if (r.image) {
          image = r.image;
          imageKnown = true;
          dockerfiles.add(dockerfile);
        }
      }
    }
    const env = new Map(image.env);
    let envComplete = true;
    const envFiles = get(svc, 'env_file');
    for (const item of envFiles?.kind === 'seq' ? envFiles.items : envFiles ? [envFiles] : []) {
      const pathWord = item.kind === 'scalar' ? item.word : item.kind === 'map' ? (get(item, 'path') as { word: Word } | undefined)?.word : undefined;
      if (!pathWord) continue;
      const path = posix.resolve(dir, pathWord.value);
      const etext = rc.host.readFile(path);
      if (etext === undefined) {
        envComplete = false;
        continue;
      }
      for (const a of parseEnvFile(etext, path)) env.set(a.name, { value: a.value, source: { file: path, start: a.nameStart, end: a.valueWord.end }, valueWord: a.valueWord });
    }
    const environment = get(svc, 'environment');
    const setVar = (name: string, valueWord: ShellWord | undefined, source: { start: number; end: number }) => {
      // `- NAME` / `NAME:` without a value passes the variable from the shell running compose: unknown.
      env.set(name, { value: valueWord && !valueWord.unknownVars ? valueWord.value : undefined, source: { file, ...source }, ...(valueWord ? { valueWord } : {}) });
    };
    if (environment?.kind === 'seq') {
      for (const item of environment.items) {
        if (item.kind !== 'scalar') continue;
        const w = interpolate(item.word, vars);
        const eq = w.value.indexOf('=');
        const name = eq < 0 ? w.value : w.value.slice(0, eq);
        const valueWord = eq < 0 ? undefined : { ...w, value: w.value.slice(eq + 1), start: w.offsets?.[eq + 1] ?? w.start, offsets: w.offsets?.slice(eq + 1) };
        setVar(name, valueWord, { start: w.start, end: w.end });
      }
    } else if (environment?.kind === 'map') {
      for (const e of environment.entries) setVar(e.key.value, scalarOf(e.value, vars), { start: e.key.start, end: e.value?.kind === 'scalar' ? e.value.word.end : e.key.end });
    }
    const workingDir = scalarOf(get(svc, 'working_dir'), vars);
    const user = scalarOf(get(svc, 'user'), vars);
    const entrypointNode = get(svc, 'entrypoint');
    const commandNode = get(svc, 'command');
    const partOf = (node: YamlNode | undefined): CommandPart | undefined => {
      const words = commandWords(node, vars);
      return words && node ? { exec: words, range: { file, start: 'word' in node ? node.word.start : node.start, end: 'word' in node ? node.word.end : node.end } } : undefined;
    };
    const entrypoint = entrypointNode ? partOf(entrypointNode) : image.entrypoint;
    // An `entrypoint:` in the service drops the image's CMD; `command:` replaces it.
    const cmd = commandNode ? partOf(commandNode) : entrypointNode ? undefined : image.cmd;
    if (!imageKnown && !entrypointNode && !commandNode) continue;
    const container: DockerImage = {
      ...image,
      env,
      entrypoint,
      cmd,
      workdir: workingDir ? { value: posix.resolve(image.workdir.value, workingDir.value), source: { file, start: workingDir.start, end: workingDir.end } } : image.workdir,
      user: user ? ({ value: user.value, source: { file, start: user.start, end: user.end } } as Sourced<string>) : image.user,
    };
    const launcher = launchImage(container, { kind: 'compose', file, name: key.value, envComplete, contextWorkspace }, rc, findings);
    if (launcher) launchers.push(launcher);
  }
  return { launchers, findings };
}
