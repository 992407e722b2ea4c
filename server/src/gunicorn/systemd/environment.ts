/**
 * Environment variables of a systemd service: `Environment=` (words with quotes and C escapes, each a
 * `NAME=value`, `%` specifiers resolved; an empty assignment resets the list) and `EnvironmentFile=`
 * files (systemd's env-file syntax: `NAME=value` lines, `#`/`;` comments, single and double quotes,
 * `\` escapes and continuations). Variables from files override `Environment=`, as systemd documents.
 */
import { subWord, type Word } from '../words';
import { expandSpecifiers, type SpecifierContext } from './exec';
import type { UnitEntry } from './unit';
import { extractWords } from './words';

/** One variable assignment with where its name and value were written. */
export interface EnvAssignment {
  name: string;
  value: string;
  /** The value's source (the part after `=`). */
  valueWord: Word;
  nameStart: number;
  nameEnd: number;
  file: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The assignments of one `Environment=` entry; invalid words are reported (systemd ignores them). */
export function parseEnvironmentEntry(
  entry: UnitEntry,
  file: string,
  ctx: SpecifierContext,
): { assignments: EnvAssignment[]; errors: Array<{ start: number; end: number; message: string }> } {
  const split = extractWords(entry.value, entry.offsets, file, { cunescape: true });
  const errors = [...split.errors];
  const assignments: EnvAssignment[] = [];
  if (split.errors.length) return { assignments, errors };
  for (const raw of split.words) {
    const { word, error } = expandSpecifiers(raw, ctx);
    if (error) {
      errors.push({ start: raw.start, end: raw.end, message: error });
      continue;
    }
    const eq = word.value.indexOf('=');
    const name = eq > 0 ? word.value.slice(0, eq) : '';
    if (!NAME.test(name)) {
      errors.push({ start: word.start, end: word.end, message: `Invalid environment assignment, ignoring: ${word.value}` });
      continue;
    }
    const nameWord = subWord(word, 0, eq);
    assignments.push({ name, value: word.value.slice(eq + 1), valueWord: subWord(word, eq + 1), nameStart: nameWord.start, nameEnd: nameWord.end, file });
  }
  return { assignments, errors };
}

/** Parses an EnvironmentFile= file (systemd's `load_env_file`). */
export function parseEnvFile(text: string, file: string): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Leading whitespace, blank lines and comments.
    while (i < n && /[ \t\r\n]/.test(text[i])) i++;
    if (i >= n) break;
    if (text[i] === '#' || text[i] === ';') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const lineEnd = (() => {
      let k = i;
      while (k < n && text[k] !== '\n') k++;
      return k;
    })();
    let keyStart = i;
    if (text.startsWith('export ', i)) keyStart = i + 7;
    const eq = text.indexOf('=', keyStart);
    if (eq < 0 || eq > lineEnd) {
      i = lineEnd;
      continue;
    }
    const name = text.slice(keyStart, eq).trim();
    i = eq + 1;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    const offsets: number[] = [];
    const valueStart = i;
    let trailingWs = 0;
    let mode: 'plain' | "'" | '"' = 'plain';
    while (i < n) {
      const c = text[i];
      if (mode === 'plain') {
        if (c === '\n') break;
        if (c === '\\') {
          if (text[i + 1] === '\n') i += 2;
          else if (i + 1 < n) {
            value += text[i + 1];
            offsets.push(i);
            i += 2;
            trailingWs = 0;
          } else i++;
          continue;
        }
        if ((c === '"' || c === "'") && value.trim() === '') {
          mode = c;
          value = '';
          offsets.length = 0;
          i++;
          continue;
        }
        value += c;
        offsets.push(i);
        trailingWs = c === ' ' || c === '\t' || c === '\r' ? trailingWs + 1 : 0;
        i++;
        continue;
      }
      if (c === mode) {
        mode = 'plain';
        trailingWs = 0;
        i++;
        continue;
      }
      if (mode === '"' && c === '\\' && i + 1 < n) {
        const e = text[i + 1];
        if (e === '\n') {
          i += 2;
          continue;
        }
        if ('"\\`$'.includes(e)) {
          value += e;
          offsets.push(i);
          i += 2;
          continue;
        }
      }
      value += c;
      offsets.push(i);
      i++;
    }
    if (trailingWs) {
      value = value.slice(0, value.length - trailingWs);
      offsets.length = value.length;
    }
    const end = i;
    offsets.push(end);
    if (NAME.test(name)) {
      out.push({
        name,
        value,
        valueWord: { value, file, start: valueStart, end: Math.max(valueStart, end), offsets },
        nameStart: keyStart,
        nameEnd: keyStart + name.length,
        file,
      });
    }
  }
  return out;
}
