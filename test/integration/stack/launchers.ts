// Reading a launcher the way its process manager does, to start gunicorn exactly as the server
// would: systemd (ExecStart quoting and $VAR expansion, WorkingDirectory, Environment[File],
// User/Group, PrivateTmp, a paired .socket's ListenStream/SocketUser/SocketGroup/SocketMode),
// supervisor ([program:x] command/directory/environment/user), a Procfile web line (run by sh
// with .env loaded, as honcho/foreman do) and a Dockerfile (WORKDIR, ENV, ENTRYPOINT/CMD).
// Deliberately independent of DeployLens's own readers: this is the oracle side.
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** A socket the process manager creates and hands over (systemd socket activation). */
export interface ListenSocket {
  path: string;
  /** Octal mode, as in SocketMode= (systemd's default 0666). */
  mode: string;
  user?: string;
  group?: string;
}

/** How to start the app server: argv, cwd and environment as the launcher gives them. */
export interface LaunchPlan {
  /** Human name: `myproject.service`, `supervisor:myproject`, `Procfile:web`, `Dockerfile`. */
  name: string;
  argv: string[];
  /** The working directory; undefined means the process manager's own (`/` for systemd). */
  cwd?: string;
  env: Record<string, string>;
  user?: string;
  group?: string;
  privateTmp: boolean;
  /** RuntimeDirectory= names: systemd creates /run/<name> (owned by User=) before the start. */
  runtimeDirectories: string[];
  listen: ListenSocket[];
  /** Why the process manager itself would refuse to start the service, if it would. */
  refused?: string;
}

/** The base environment a process manager gives a service (not the test runner's environment). */
export const BASE_ENV: Record<string, string> = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

/** A systemd unit file: section -> key -> values in order (continuation lines joined). */
export function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  let section = new Map<string, string[]>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*[#;]/.test(line) || line.trim() === '') continue;
    // A trailing backslash continues the value on the next line (comment lines in between are skipped).
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      const next = lines[++i]!;
      if (/^\s*[#;]/.test(next)) continue;
      line = line.replace(/\\\s*$/, ' ') + next;
    }
    const head = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (head) {
      section = out.get(head[1]!) ?? new Map();
      out.set(head[1]!, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '') section.set(key, []); // an empty assignment resets the list
    else section.set(key, [...(section.get(key) ?? []), value]);
  }
  return out;
}

/** Splits a command line into words: whitespace separates, "..." and '...' quote (backslash escapes in "..."). */
export function splitWords(line: string): Array<{ word: string; quoted: boolean }> {
  const out: Array<{ word: string; quoted: boolean }> = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    let word = '';
    let quoted = false;
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === '"' || c === "'") {
        quoted = true;
        i++;
        while (i < line.length && line[i] !== c) {
          if (c === '"' && line[i] === '\\' && i + 1 < line.length) i++;
          word += line[i++];
        }
        i++;
      } else if (c === '\\' && i + 1 < line.length) {
        word += line[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ word, quoted });
  }
  return out;
}

/** systemd's variable expansion in ExecStart: `$VAR` alone is split into words, `${VAR}` stays one word, `$$` is `$`. */
function expandSystemd(words: Array<{ word: string; quoted: boolean }>, env: Record<string, string>): string[] {
  const out: string[] = [];
  for (const { word, quoted } of words) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole && !quoted) {
      out.push(...(env[whole[1]!] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    out.push(word.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a?: string, b?: string) => (m === '$$' ? '$' : (env[(a ?? b)!] ?? ''))));
  }
  return out;
}

/** KEY=VALUE lines (an EnvironmentFile or .env): comments and blank lines skipped, one level of quotes removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let v = line.slice(eq + 1).trim();
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) v = v.slice(1, -1);
    env[line.slice(0, eq).trim()] = v;
  }
  return env;
}

const last = (m: Map<string, string[]> | undefined, key: string) => m?.get(key)?.at(-1);

/**
 * A systemd service (and its socket unit, for socket activation), both already moved into the
 * sandbox; `resolve` maps a server path named in them to where it is now (for EnvironmentFile=).
 */
export function systemdPlan(serviceFile: string, socketFile: string | undefined, resolve: (serverPath: string) => string): LaunchPlan {
  const name = posix.basename(serviceFile);
  const svc = parseUnit(readFileSync(serviceFile, 'utf8')).get('Service');
  const env: Record<string, string> = { ...BASE_ENV };
  let refused: string | undefined;
  for (const spec of svc?.get('EnvironmentFile') ?? []) {
    const optional = spec.startsWith('-');
    const path = resolve(optional ? spec.slice(1) : spec);
    if (existsSync(path)) Object.assign(env, parseEnvFile(readFileSync(path, 'utf8')));
    else if (!optional) refused = `systemd: Failed to load environment files: ${spec}`;
  }
  for (const line of svc?.get('Environment') ?? []) {
    for (const { word } of splitWords(line)) {
      const eq = word.indexOf('=');
      if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
    }
  }
  const exec = last(svc, 'ExecStart') ?? '';
  const argv = expandSystemd(splitWords(exec), env);
  // Prefixes of the executable: '-' ignore failure, '@' argv0, '+', '!', '!!', ':' privileges/no expansion.
  if (argv[0]) argv[0] = argv[0].replace(/^[-@+!:]+/, '');
  const listen: ListenSocket[] = [];
  if (socketFile) {
    const sock = parseUnit(readFileSync(socketFile, 'utf8')).get('Socket');
    for (const path of sock?.get('ListenStream') ?? []) {
      listen.push({ path, mode: last(sock, 'SocketMode') ?? '0666', user: last(sock, 'SocketUser'), group: last(sock, 'SocketGroup') });
    }
  }
  const wd = last(svc, 'WorkingDirectory');
  return {
    name,
    argv,
    cwd: wd ? wd.replace(/^-/, '') : undefined,
    env,
    user: last(svc, 'User'),
    group: last(svc, 'Group'),
    privateTmp: /^(yes|true|on|1)$/i.test(last(svc, 'PrivateTmp') ?? ''),
    runtimeDirectories: (svc?.get('RuntimeDirectory') ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean),
    listen,
    refused,
  };
}

/** A supervisor `[program:NAME]` section (the first one when `program` is not given). */
export function supervisorPlan(confFile: string, program?: string): LaunchPlan {
  const text = readFileSync(confFile, 'utf8');
  const sections = text.split(/^(?=\s*\[)/m);
  const section = sections.find((s) => (program ? s.trim().startsWith(`[program:${program}]`) : /^\s*\[program:/.test(s))) ?? '';
  const get = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.*)$`, 'm').exec(section)?.[1]?.replace(/\s+;.*$/, '').trim();
  const env: Record<string, string> = { ...BASE_ENV };
  // environment=K="v",K2="v2": commas outside quotes separate the pairs.
  for (const m of (get('environment') ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|[^,]*)/g)) env[m[1]!] = m[3] ?? m[4] ?? m[2]!;
  const name = /\[program:([^\]]+)\]/.exec(section)?.[1] ?? 'program';
  return { name: `supervisor:${name}`, argv: splitWords(get('command') ?? '').map((w) => w.word), cwd: get('directory'), env, user: get('user'), privateTmp: false, runtimeDirectories: [], listen: [] };
}

/** The `web` line of a Procfile, run by `sh -c` in the Procfile's folder with `.env` loaded (honcho, foreman). */
export function procfilePlan(procfile: string, processType = 'web'): LaunchPlan {
  const line = readFileSync(procfile, 'utf8').split('\n').find((l) => l.startsWith(`${processType}:`)) ?? '';
  const dir = posix.dirname(procfile);
  const dotenv = posix.join(dir, '.env');
  const env = { ...BASE_ENV, ...(existsSync(dotenv) ? parseEnvFile(readFileSync(dotenv, 'utf8')) : {}) };
  return { name: `Procfile:${processType}`, argv: ['/bin/sh', '-c', `exec ${line.slice(processType.length + 1).trim()}`], cwd: dir, env, privateTmp: false, runtimeDirectories: [], listen: [] };
}

/** A Dockerfile's final stage: WORKDIR, ENV, then ENTRYPOINT + CMD (exec form is JSON; shell form runs in sh -c). */
export function dockerPlan(dockerfile: string): LaunchPlan {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  const env: Record<string, string> = { ...BASE_ENV };
  let cwd: string | undefined;
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  const form = (rest: string): string[] => {
    const t = rest.trim();
    if (t.startsWith('[')) {
      try {
        return JSON.parse(t) as string[];
      } catch {
        // not valid JSON: Docker runs it in the shell form
      }
    }
    return ['/bin/sh', '-c', t];
  };
  for (const raw of text.split('\n')) {
    const m = /^\s*(\w+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const [, insn, rest] = m as unknown as [string, string, string];
    switch (insn.toUpperCase()) {
      case 'FROM':
        entrypoint = [];
        cmd = [];
        break;
      case 'WORKDIR':
        cwd = posix.resolve(cwd ?? '/', rest.trim());
        break;
      case 'ENV': {
        const pairs = splitWords(rest).map((w) => w.word);
        if (pairs.length >= 1 && !pairs[0]!.includes('=')) env[pairs[0]!] = pairs.slice(1).join(' ');
        else for (const p of pairs) env[p.slice(0, p.indexOf('='))] = p.slice(p.indexOf('=') + 1);
        break;
      }
      case 'ENTRYPOINT':
        entrypoint = form(rest);
        cmd = [];
        break;
      case 'CMD':
        cmd = form(rest);
        break;
    }
  }
  return { name: 'Dockerfile', argv: [...entrypoint, ...cmd], cwd, env, privateTmp: false, runtimeDirectories: [], listen: [] };
}
