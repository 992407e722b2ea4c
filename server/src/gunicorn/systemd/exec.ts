/**
 * `ExecStart=` command lines as systemd runs them (systemd.service(5) "Command lines"):
 * words split with quotes and C escapes (`words.ts`), `%` specifiers resolved per word, the
 * executable's prefixes (`-`, `@`, `:`, `+`, `!`, `!!`), lone `;` separating commands, then at exec
 * time the environment: a word that is exactly `$NAME` becomes the value split at whitespace (zero or
 * more words), `${NAME}` inside a word is replaced as-is, `$$` is a literal `$`, and a bare `$NAME`
 * inside a longer word stays as written. The `:` prefix turns the environment step off.
 */
import type { EnvLookup, ShellWord } from '../shell';
import type { Word } from '../words';
import type { UnitEntry } from './unit';
import { extractWords } from './words';

/** What `%` specifiers resolve to for one unit. `undefined` values are unknown (kept as written). */
export interface SpecifierContext {
  /** The unit file name, e.g. `myapp@web.service`. */
  unitName: string;
  /** True for a user unit (`systemctl --user`), where %h/%u are the user's, hence unknown here. */
  userUnit?: boolean;
}

/** One command of an ExecStart= line. */
export interface ExecCommand {
  /** The prefix characters of the executable, e.g. `-` or `+`. */
  prefixes: string;
  /** The executable (prefixes removed). */
  program: ShellWord;
  /** With `@`: the word passed as argv[0] instead of the program path. */
  argv0?: ShellWord;
  /** The arguments after environment expansion. */
  args: ShellWord[];
  entry: UnitEntry;
}

/** Problems systemd reports for the line (it then ignores the line). */
export interface ExecParse {
  commands: ExecCommand[];
  errors: Array<{ start: number; end: number; message: string }>;
}

function unitParts(unitName: string) {
  const dot = unitName.lastIndexOf('.');
  const base = dot > 0 ? unitName.slice(0, dot) : unitName;
  const at = base.indexOf('@');
  const prefix = at >= 0 ? base.slice(0, at) : base;
  const instance = at >= 0 ? base.slice(at + 1) : '';
  return { base, prefix, instance };
}

/** systemd's unit-name unescaping (`\xNN` to the byte, `-` to `/`), for %I %P %J %f. */
function unescapeName(s: string): string {
  return s.replace(/-/g, '/').replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The value of specifier `c` for a system unit; `undefined` when it depends on the machine; `null` for an unknown letter. */
export function specifierValue(c: string, ctx: SpecifierContext): string | undefined | null {
  const { base, prefix, instance } = unitParts(ctx.unitName);
  const templateWithoutInstance = ctx.unitName.includes('@') && instance === '';
  const inst = templateWithoutInstance ? undefined : instance;
  const lastDash = (s: string) => s.slice(s.lastIndexOf('-') + 1);
  switch (c) {
    case '%':
      return '%';
    case 'n':
      return templateWithoutInstance ? undefined : ctx.unitName;
    case 'N':
      return templateWithoutInstance ? undefined : base;
    case 'p':
      return prefix;
    case 'P':
      return unescapeName(prefix);
    case 'j':
      return lastDash(prefix);
    case 'J':
      return unescapeName(lastDash(prefix));
    case 'i':
      return inst;
    case 'I':
      return inst === undefined ? undefined : unescapeName(inst);
    case 'f':
      return inst === undefined ? undefined : '/' + unescapeName(inst || prefix);
    // The system manager runs as root: %h, %u, %U, %g, %G are root's, whatever User= says.
    case 'h':
      return ctx.userUnit ? undefined : '/root';
    case 'u':
    case 'g':
      return ctx.userUnit ? undefined : 'root';
    case 'U':
    case 'G':
      return ctx.userUnit ? undefined : '0';
    case 's':
      return ctx.userUnit ? undefined : '/bin/sh';
    case 't':
      return ctx.userUnit ? undefined : '/run';
    case 'S':
      return ctx.userUnit ? undefined : '/var/lib';
    case 'C':
      return ctx.userUnit ? undefined : '/var/cache';
    case 'L':
      return ctx.userUnit ? undefined : '/var/log';
    case 'E':
      return ctx.userUnit ? undefined : '/etc';
    case 'T':
      return '/tmp';
    case 'V':
      return '/var/tmp';
    case 'a':
    case 'A':
    case 'b':
    case 'B':
    case 'd':
    case 'H':
    case 'l':
    case 'm':
    case 'M':
    case 'o':
    case 'q':
    case 'v':
    case 'w':
    case 'W':
    case 'y':
    case 'Y':
      return undefined;
    default:
      return null;
  }
}

/** Resolves `%x` specifiers in a word; unknown-valued ones stay as written and are listed in `unknownVars`. */
export function expandSpecifiers(word: Word, ctx: SpecifierContext): { word: ShellWord; error?: string } {
  if (!word.value.includes('%')) return { word };
  let value = '';
  const offsets: number[] = [];
  const unknown: string[] = [];
  const src = word.offsets ?? [];
  const at = (k: number) => src[k] ?? word.start;
  for (let i = 0; i < word.value.length; i++) {
    const c = word.value[i];
    if (c !== '%') {
      value += c;
      offsets.push(at(i));
      continue;
    }
    const letter = word.value[i + 1];
    const v = letter === undefined ? null : specifierValue(letter, ctx);
    if (v === null) return { word, error: `Failed to resolve specifiers in "${word.value}"` };
    const text = v ?? '%' + letter;
    if (v === undefined) unknown.push('%' + letter);
    for (let k = 0; k < text.length; k++) offsets.push(at(i));
    value += text;
    i++;
  }
  offsets.push(word.end);
  const out: ShellWord = { value, file: word.file, start: word.start, end: word.end, offsets };
  if (unknown.length) out.unknownVars = unknown;
  return { word: out };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The exec-time environment step for one word (see the module comment). */
export function expandEnvWord(word: ShellWord, env: EnvLookup): ShellWord[] {
  const v = word.value;
  if (v.startsWith('$') && v[1] !== '{' && v[1] !== '$') {
    const name = v.slice(1);
    if (!NAME.test(name)) return [];
    const found = env(name);
    if (found === null) return [];
    if (found === undefined) return [{ ...word, unknownVars: [...(word.unknownVars ?? []), name] }];
    const offsets = new Array<number>(found.length + 1).fill(word.start);
    const split = extractWords(found, offsets, word.file, { cunescape: false, relax: true });
    // Every word of the value points at the `$NAME` token that produced it.
    return split.words.map((w) => ({ value: w.value, file: word.file, start: word.start, end: word.end }));
  }
  if (!v.includes('$')) return [word];
  let value = '';
  const offsets: number[] = [];
  const unknown = [...(word.unknownVars ?? [])];
  const at = (k: number) => word.offsets?.[k] ?? word.start;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '$' && v[i + 1] === '$') {
      value += '$';
      offsets.push(at(i));
      i++;
      continue;
    }
    if (v[i] === '$' && v[i + 1] === '{') {
      const close = v.indexOf('}', i + 2);
      const inner = close < 0 ? undefined : v.slice(i + 2, close);
      if (inner !== undefined && !inner.includes(':')) {
        const found = NAME.test(inner) ? env(inner) : null;
        const text = found === null ? '' : found === undefined ? `\${${inner}}` : found;
        if (found === undefined) unknown.push(inner);
        for (let k = 0; k < text.length; k++) offsets.push(at(i));
        value += text;
        i = close;
        continue;
      }
    }
    value += v[i];
    offsets.push(at(i));
  }
  offsets.push(word.end);
  const out: ShellWord = { value, file: word.file, start: word.start, end: word.end, offsets };
  if (unknown.length) out.unknownVars = unknown;
  return [out];
}

/** Parses one ExecStart=-style entry into its commands, resolving specifiers and the environment. */
export function parseExecEntry(entry: UnitEntry, file: string, ctx: SpecifierContext, env: EnvLookup): ExecParse {
  const out: ExecParse = { commands: [], errors: [] };
  const split = extractWords(entry.value, entry.offsets, file, { cunescape: true });
  out.errors.push(...split.errors);
  if (split.errors.length) return out;
  // A lone `;` separates commands (the escaped `\;` is a literal semicolon and was unescaped already).
  const groups: Word[][] = [[]];
  for (const w of split.words) {
    const raw = w.end - w.start === 1 && w.value === ';';
    if (raw) groups.push([]);
    else groups[groups.length - 1].push(w);
  }
  for (const group of groups) {
    if (group.length === 0) continue;
    const words: ShellWord[] = [];
    for (const w of group) {
      const r = expandSpecifiers(w, ctx);
      if (r.error) {
        out.errors.push({ start: w.start, end: w.end, message: r.error });
        return out;
      }
      words.push(r.word);
    }
    const first = words[0];
    const m = /^[-@:+!]*/.exec(first.value);
    const prefixes = m ? m[0] : '';
    const program: ShellWord = prefixes
      ? {
          ...first,
          value: first.value.slice(prefixes.length),
          start: first.offsets?.[prefixes.length] ?? first.start,
          offsets: first.offsets?.slice(prefixes.length),
        }
      : first;
    let rest = words.slice(1);
    let argv0: ShellWord | undefined;
    if (prefixes.includes('@')) {
      argv0 = rest[0];
      rest = rest.slice(1);
    }
    const args = prefixes.includes(':') ? rest : rest.flatMap((w) => expandEnvWord(w, env));
    out.commands.push({ prefixes, program, argv0, args, entry });
  }
  return out;
}
