/**
 * Word splitting with positions, for the two shell-like languages launchers use:
 * - `shlex`: Python's `shlex.split` (POSIX mode, no comments), which gunicorn applies to
 *   `GUNICORN_CMD_ARGS` and supervisor to `command=`;
 * - `sh`: a POSIX shell command line (Procfile, Dockerfile shell form, `sh -c`, scripts): the same
 *   quoting plus `$VAR`/`${VAR}`/`${VAR:-default}` expansion, `#` comments, `\`-newline joins and
 *   the command separators `;`, `&&`, `||`, `|`, `&`, newline.
 * Never throws: an unclosed quote ends at the end of the text and is reported.
 */
import type { Word } from './words';

/** An environment lookup: the value, `undefined` when the variable is set to a value we cannot know, `null` when unset. */
export type EnvLookup = (name: string) => string | undefined | null;

/** A word produced by the splitter; `unknownVars` names variables whose value could not be known (kept as `$NAME`). */
export interface ShellWord extends Word {
  unknownVars?: string[];
}

/** The outcome: the commands (a list of words each), and problems such as an unclosed quote. */
export interface SplitResult {
  commands: ShellWord[][];
  errors: Array<{ start: number; end: number; message: string }>;
}

/** Options of `splitWords`. */
export interface SplitOptions {
  mode: 'shlex' | 'sh';
  /** Offset of `text` in its file: every range is shifted by it. */
  base?: number;
  /** For `sh`: variable values. Without it, every `$VAR` stays as written and counts as unknown. */
  env?: EnvLookup;
  /**
   * Called as soon as each command is complete, before the rest is split: a reader that records
   * `export K=V` here makes the value visible to `$K` in later commands, as a shell would.
   */
  onCommand?: (words: ShellWord[]) => void;
}

const SPACE = /[ \t\r\n]/;

/** Splits `text` (a part of `file`) into words, per `options.mode`. */
export function splitWords(text: string, file: string, options: SplitOptions): SplitResult {
  const base = options.base ?? 0;
  const sh = options.mode === 'sh';
  const commands: ShellWord[][] = [];
  const errors: SplitResult['errors'] = [];
  let current: ShellWord[] = [];
  let value = '';
  let offsets: number[] = [];
  let start = -1;
  let unknown: string[] = [];
  let inWord = false;
  // A word that had quotes stays even when empty (""), an unquoted empty expansion vanishes.
  let hadQuotes = false;

  const add = (s: string, at: number) => {
    for (let k = 0; k < s.length; k++) offsets.push(at);
    value += s;
  };
  const begin = (at: number) => {
    if (!inWord) {
      inWord = true;
      start = at;
    }
  };
  const finish = (end: number) => {
    if (!inWord) return;
    offsets.push(base + end);
    const w: ShellWord = { value, file, start: base + start, end: base + end, offsets };
    if (unknown.length) w.unknownVars = unknown;
    if (value !== '' || hadQuotes) current.push(w);
    hadQuotes = false;
    value = '';
    offsets = [];
    unknown = [];
    inWord = false;
  };
  const endCommand = () => {
    if (current.length) {
      commands.push(current);
      options.onCommand?.(current);
    }
    current = [];
  };

  // `$NAME`, `${NAME}`, `${NAME:-default}` / `${NAME-default}` at i (text[i] === '$'); returns the index after it.
  const expand = (i: number, quoted: boolean): number => {
    const rest = text.slice(i + 1);
    let name: string | undefined;
    let fallback: string | undefined;
    let len = 0;
    let m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (m) {
      name = m[0];
      len = 1 + name.length;
    } else if ((m = /^\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}/.exec(rest))) {
      name = m[1];
      fallback = m[2] !== undefined ? m[3] : undefined;
      len = 1 + m[0].length;
    }
    if (!name) {
      add('$', base + i);
      return i + 1;
    }
    const raw = text.slice(i, i + len);
    const found = options.env ? options.env(name) : undefined;
    const colon = m !== null && m[2] !== undefined && m[2].startsWith(':');
    if (fallback !== undefined && (found === null || (colon && found === ''))) add(fallback, base + i);
    else if (typeof found === 'string') {
      if (quoted) add(found, base + i);
      else {
        // Unquoted expansion is split on whitespace.
        const parts = found.split(/[ \t\n]+/);
        parts.forEach((p, k) => {
          if (k > 0) {
            finish(i);
            begin(i);
          }
          add(p, base + i);
        });
      }
    } else if (found === null) {
      // Unset and no default: expands to nothing.
    } else {
      add(raw, base + i);
      unknown.push(name);
    }
    return i + len;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === '\n' && sh) {
        i += 2;
        continue;
      }
      if (i + 1 >= text.length) {
        errors.push({ start: base + i, end: base + i + 1, message: 'No escaped character' });
        i++;
        continue;
      }
      begin(i);
      add(text[i + 1], base + i);
      i += 2;
      continue;
    }
    if (c === "'") {
      begin(i);
      hadQuotes = true;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      for (let k = i + 1; k < stop; k++) add(text[k], base + k);
      if (close < 0) errors.push({ start: base + i, end: base + text.length, message: 'No closing quotation' });
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      begin(i);
      hadQuotes = true;
      let k = i + 1;
      let closed = false;
      while (k < text.length) {
        const d = text[k];
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\' && k + 1 < text.length) {
          const e = text[k + 1];
          // In double quotes only `\"` and `\\` (and in sh `\$`, `` \` ``, `\`-newline) lose the backslash.
          if (e === '"' || e === '\\' || (sh && (e === '$' || e === '`'))) {
            add(e, base + k);
            k += 2;
            continue;
          }
          if (sh && e === '\n') {
            k += 2;
            continue;
          }
          add('\\', base + k);
          k++;
          continue;
        }
        if (d === '$' && sh) {
          k = expand(k, true);
          continue;
        }
        add(d, base + k);
        k++;
      }
      if (!closed) errors.push({ start: base + i, end: base + text.length, message: 'No closing quotation' });
      i = closed ? k + 1 : text.length;
      continue;
    }
    if (SPACE.test(c)) {
      finish(i);
      if (c === '\n' && sh) endCommand();
      i++;
      continue;
    }
    if (sh) {
      if (c === '#' && !inWord) {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      if (c === ';' || c === '&' || c === '|') {
        finish(i);
        endCommand();
        i += text[i + 1] === c ? 2 : 1;
        continue;
      }
      if (c === '$') {
        begin(i);
        i = expand(i, false);
        continue;
      }
    }
    begin(i);
    add(c, base + i);
    i++;
  }
  finish(text.length);
  endCommand();
  return { commands, errors };
}

/** All words of `text` as one list (for `shlex.split` callers, which have no command separators). */
export function shlexSplit(text: string, file: string, base = 0): { words: ShellWord[]; errors: SplitResult['errors'] } {
  const r = splitWords(text, file, { mode: 'shlex', base });
  return { words: r.commands.flat(), errors: r.errors };
}
