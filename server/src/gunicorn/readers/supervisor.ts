/**
 * supervisor `[program:x]` sections: `command=` (split like Python's `shlex.split`), `directory=`
 * (the cwd), `environment=KEY="val",KEY2=val2`, `user=`. Values may continue on indented lines
 * (configparser) and use `%(ENV_X)s`, `%(here)s`, `%(program_name)s` expansions.
 */
import { posix } from 'node:path';
import type { Finding } from '../../common/diagnostics';
import { findGunicorn } from '../command';
import { startDirAfterCd, type EnvValue, type Launcher, type Sourced } from '../launcher';
import { shlexSplit } from '../shell';
import { plainWord, subWord, type Word } from '../words';
import { lookupIn } from './systemd';
import { getOwn } from '../../common/own';

interface IniValue {
  key: string;
  word: Word;
  start: number;
  end: number;
}

interface IniSection {
  name: string;
  start: number;
  values: Map<string, IniValue>;
}

/** configparser-style sections: `key = value` or `key: value`, `;`/`#` comments, indented continuation lines. */
function parseIni(text: string, file: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  let last: IniValue | undefined;
  let pos = 0;
  for (const raw of text.split('\n')) {
    const lineStart = pos;
    pos += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (/^\s*([;#].*)?$/.test(line)) continue;
    if (/^\s/.test(line) && last) {
      // A continuation line: joined with a newline, as configparser does (inline comments stripped too).
      const semi = line.search(/\s;/);
      const body = (semi >= 0 ? line.slice(0, semi) : line).trim();
      const at = lineStart + line.indexOf(body);
      const w = last.word;
      const offsets = [...(w.offsets ?? []).slice(0, -1), at - 1];
      for (let k = 0; k < body.length; k++) offsets.push(at + k);
      offsets.push(at + body.length);
      last.word = { value: w.value + '\n' + body, file, start: w.start, end: at + body.length, offsets };
      last.end = at + body.length;
      continue;
    }
    const sec = /^\[([^\]]+)\]/.exec(line);
    if (sec) {
      current = { name: sec[1].trim(), start: lineStart, values: new Map() };
      sections.push(current);
      last = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv || !current) continue;
    let value = kv[2];
    // supervisor strips inline comments introduced by " ;".
    const semi = value.search(/\s;/);
    if (semi >= 0) value = value.slice(0, semi);
    value = value.trimEnd();
    const at = lineStart + line.length - kv[2].length;
    last = { key: kv[1].trim().toLowerCase(), word: plainWord(file, value, at), start: lineStart, end: at + value.length };
    current.values.set(last.key, last);
  }
  return sections;
}

/** Applies supervisor's `%(name)s` expansions; unknown names stay as written. */
function expand(word: Word, vars: Record<string, string | undefined>): Word {
  if (!word.value.includes('%(')) return word;
  let value = '';
  const offsets: number[] = [];
  const src = word.offsets ?? [];
  const re = /%\(([A-Za-z0-9_]+)\)[sd]|%%/g;
  let i = 0;
  for (let m = re.exec(word.value); m; m = re.exec(word.value)) {
    for (; i < m.index; i++) {
      value += word.value[i];
      offsets.push(src[i] ?? word.start);
    }
    // Own keys only: `%(constructor)s` is an unknown name, not Object's constructor.
    const rep = m[0] === '%%' ? '%' : getOwn(vars, m[1]);
    const text = rep ?? m[0];
    for (let k = 0; k < text.length; k++) offsets.push(src[m.index] ?? word.start);
    value += text;
    i = m.index + m[0].length;
  }
  for (; i < word.value.length; i++) {
    value += word.value[i];
    offsets.push(src[i] ?? word.start);
  }
  offsets.push(word.end);
  return { value, file: word.file, start: word.start, end: word.end, offsets };
}

/** supervisor's `environment=` syntax: comma-separated KEY=value pairs, values optionally quoted. */
export function parseSupervisorEnvironment(word: Word): Array<{ name: string; value: string; valueWord: Word; start: number; end: number }> {
  const out: Array<{ name: string; value: string; valueWord: Word; start: number; end: number }> = [];
  const v = word.value;
  let i = 0;
  while (i < v.length) {
    while (i < v.length && /[\s,]/.test(v[i])) i++;
    const eq = v.indexOf('=', i);
    if (eq < 0) break;
    const name = v.slice(i, eq).trim();
    const nameAt = i;
    let k = eq + 1;
    let value = '';
    let quote: string | null = null;
    for (; k < v.length; k++) {
      const c = v[k];
      if (quote) {
        if (c === quote) quote = null;
        else value += c;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      if (c === ',') break;
      value += c;
    }
    const trimmed = value.trim();
    const sub = subWord(word, eq + 1, k);
    out.push({ name, value: trimmed, valueWord: { ...sub, value: trimmed }, start: word.offsets?.[nameAt] ?? word.start, end: sub.end });
    i = k + 1;
  }
  return out;
}

/** Reads a supervisor config: one launcher per `[program:x]` running gunicorn. */
export function readSupervisor(text: string, file: string): { launchers: Launcher[]; findings: Finding[] } {
  const launchers: Launcher[] = [];
  const findings: Finding[] = [];
  for (const s of parseIni(text, file)) {
    if (!s.name.startsWith('program:')) continue;
    const name = s.name.slice('program:'.length);
    const cmd = s.values.get('command');
    if (!cmd) continue;
    const vars: Record<string, string | undefined> = { program_name: name, here: posix.dirname(file), process_num: '0', group_name: name };
    const env = new Map<string, EnvValue>();
    const envValue = s.values.get('environment');
    if (envValue) {
      for (const a of parseSupervisorEnvironment(expand(envValue.word, vars))) {
        env.set(a.name, { value: a.value, source: { file, start: a.start, end: a.end }, valueWord: a.valueWord });
      }
    }
    const command = expand(cmd.word, vars);
    const split = shlexSplit(command.value, file, 0);
    for (const e of split.errors) findings.push({ file, start: cmd.word.start, end: cmd.end, severity: 'error', code: 'gunicorn-launcher-syntax', message: `supervisor command: ${e.message}` });
    // Map the split words back through the command's offsets.
    const words = split.words.map((w) => {
      const offsets = (w.offsets ?? []).map((o) => command.offsets?.[o] ?? command.start);
      const start = command.offsets?.[w.start] ?? command.start;
      const end = w.end > w.start ? (command.offsets?.[w.end - 1] ?? start) + 1 : start;
      return { ...w, file, start, end, offsets };
    });
    const found = findGunicorn(words, lookupIn(env, true));
    if (!found) continue;
    for (const a of found.env) env.set(a.name, { value: a.value, source: { file, start: a.word.start, end: a.word.end }, valueWord: subWord(a.word, a.name.length + 1) });
    const dir = s.values.get('directory');
    const user = s.values.get('user');
    const startDir: Sourced<string> | undefined = dir ? { value: posix.normalize(expand(dir.word, vars).value), source: { file, start: dir.word.start, end: dir.end } } : undefined;
    launchers.push({
      kind: 'supervisor',
      file,
      range: { file, start: cmd.start, end: cmd.end },
      name,
      program: found.program,
      args: found.args,
      startDir: startDirAfterCd(startDir, found.cwd),
      env,
      envComplete: true,
      user: user ? { value: user.word.value, source: { file, start: user.word.start, end: user.end } } : undefined,
      findings: [],
    });
  }
  return { launchers, findings };
}
