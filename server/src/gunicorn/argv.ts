/**
 * gunicorn's command line, parsed the way its argparse parser does (Python 3.11, `allow_abbrev`):
 * `--bind=X`, `-bX`, `-w3`, unambiguous prefixes (`--bi X`), repeated `-b` (append), flags without a
 * value, `--`, the app module before or after the options. gunicorn itself never sees a bad command
 * line run: argparse exits with status 2, so every error here means "gunicorn does not start".
 */
import { settingsFor } from './catalog';
import type { GunicornSettingSpec } from './spec';
import { autoInt, pyInt } from './validate';
import { subWord, type Word } from './words';

/** One option occurrence on the command line. */
export interface ParsedOption {
  spec: GunicornSettingSpec;
  /** The option string it resolved to (`--bind` for `--bi`). */
  flag: string;
  /** The whole token(s): the option word. */
  optionWord: Word;
  /** The value as argparse passes it on: the string for store/append, the constant for flags. */
  value: string | boolean;
  /** Where the value was written: the value word, the part after `=` or after `-b`, else the option itself. */
  valueWord: Word;
}

/** Stable codes of command-line errors (argparse's messages, with the words they point at). */
export type ArgvErrorCode = 'unknown-option' | 'ambiguous-option' | 'missing-value' | 'unexpected-value' | 'extra-argument' | 'invalid-value';

/** A command line gunicorn's argparse rejects (exit status 2). */
export interface ArgvError {
  code: ArgvErrorCode;
  word: Word;
  message: string;
  /** For unknown options: the closest known option; for ambiguous ones: every candidate. */
  candidates?: string[];
}

/** The result of parsing: options in order, the positional words (the app module first), and errors. */
export interface ParsedArgv {
  options: ParsedOption[];
  positionals: Word[];
  errors: ArgvError[];
  /** `-h`/`--help` or `-v`/`--version`: gunicorn prints and exits without serving. */
  exitsEarly?: Word;
}

interface OptionEntry {
  flag: string;
  spec: GunicornSettingSpec | 'help' | 'version';
}

function optionTable(version: string | undefined): Map<string, OptionEntry> {
  const table = new Map<string, OptionEntry>();
  table.set('-h', { flag: '-h', spec: 'help' });
  table.set('--help', { flag: '--help', spec: 'help' });
  table.set('-v', { flag: '-v', spec: 'version' });
  table.set('--version', { flag: '--version', spec: 'version' });
  for (const s of settingsFor(version)) for (const f of s.cli) table.set(f, { flag: f, spec: s });
  return table;
}

const tableCache = new Map<string, Map<string, OptionEntry>>();

function tableFor(version: string | undefined): Map<string, OptionEntry> {
  const key = version ?? '';
  let t = tableCache.get(key);
  if (!t) {
    t = optionTable(version);
    tableCache.set(key, t);
  }
  return t;
}

/** The option strings gunicorn `version` accepts (all known ones when undefined). */
export function optionStrings(version?: string): string[] {
  return [...tableFor(version).keys()];
}

type Match = { entry: OptionEntry; explicit: string | null; explicitAt: number };
type Classified = { kind: 'positional' } | { kind: 'option'; match: Match } | { kind: 'unknown' } | { kind: 'ambiguous'; candidates: string[] };

/** argparse's `_parse_optional` + `_get_option_tuples` for one word. */
function classify(arg: string, table: Map<string, OptionEntry>): Classified {
  if (arg === '' || arg[0] !== '-') return { kind: 'positional' };
  const exact = table.get(arg);
  if (exact) return { kind: 'option', match: { entry: exact, explicit: null, explicitAt: -1 } };
  if (arg.length === 1) return { kind: 'positional' };
  const eq = arg.indexOf('=');
  if (eq >= 0) {
    const head = table.get(arg.slice(0, eq));
    if (head) return { kind: 'option', match: { entry: head, explicit: arg.slice(eq + 1), explicitAt: eq + 1 } };
  }
  const matches: Match[] = [];
  if (arg[1] === '-') {
    const prefix = eq >= 0 ? arg.slice(0, eq) : arg;
    const explicit = eq >= 0 ? arg.slice(eq + 1) : null;
    for (const [flag, entry] of table) if (flag.startsWith(prefix)) matches.push({ entry, explicit, explicitAt: eq + 1 });
  } else {
    const short = arg.slice(0, 2);
    for (const [flag, entry] of table) {
      if (flag === short) matches.push({ entry, explicit: arg.slice(2), explicitAt: 2 });
      else if (flag.startsWith(arg)) matches.push({ entry, explicit: null, explicitAt: -1 });
    }
  }
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches.map((m) => m.entry.flag) };
  if (matches.length === 1) return { kind: 'option', match: matches[0] };
  // gunicorn defines no option that looks like a negative number, so "-1" is a value.
  if (/^-\d+$|^-\d*\.\d+$/.test(arg)) return { kind: 'positional' };
  if (arg.includes(' ')) return { kind: 'positional' };
  return { kind: 'unknown' };
}

function takesValue(spec: GunicornSettingSpec): boolean {
  return spec.action === 'store' || spec.action === 'append';
}

/**
 * Parses the words after the program name. `version` selects gunicorn's option set (abbreviations
 * depend on it); undefined means the newest catalog.
 */
export function parseArgv(words: readonly Word[], version?: string): ParsedArgv {
  const table = tableFor(version);
  const out: ParsedArgv = { options: [], positionals: [], errors: [] };
  // Pass 1: argparse classifies every word first ('O' option, 'A' argument, '-' the first `--`).
  const kinds: Classified[] = [];
  let afterDashes = false;
  let dashesAt = -1;
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value;
    if (afterDashes) kinds.push({ kind: 'positional' });
    else if (v === '--') {
      afterDashes = true;
      dashesAt = i;
      kinds.push({ kind: 'positional' });
    } else kinds.push(classify(v, table));
  }
  const isArg = (i: number) => i < words.length && i !== dashesAt && kinds[i].kind === 'positional';

  // Pass 2: consume. The positional `args` (nargs='*') takes the first run of arguments; argparse
  // then reports any later run as "unrecognized arguments".
  let positionalsTaken = false;
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    const k = kinds[i];
    if (i === dashesAt) {
      i++;
      continue;
    }
    if (k.kind === 'positional') {
      let j = i;
      const run: Word[] = [];
      while (j < words.length && (kinds[j].kind === 'positional' || j === dashesAt)) {
        if (j !== dashesAt) run.push(words[j]);
        j++;
      }
      if (!positionalsTaken) {
        out.positionals.push(...run);
        positionalsTaken = true;
      } else {
        for (const w of run) out.errors.push({ code: 'extra-argument', word: w, message: `unrecognized arguments: ${w.value}` });
      }
      i = j;
      continue;
    }
    if (k.kind === 'unknown') {
      out.errors.push({ code: 'unknown-option', word, message: `unrecognized arguments: ${word.value}` });
      i++;
      continue;
    }
    if (k.kind === 'ambiguous') {
      out.errors.push({
        code: 'ambiguous-option',
        word,
        message: `ambiguous option: ${word.value} could match ${k.candidates.join(', ')}`,
        candidates: k.candidates,
      });
      // argparse stops here; for the rest of the model, skip the value every candidate would take.
      const allTakeValue = k.candidates.every((c) => {
        const e = table.get(c);
        return e !== undefined && e.spec !== 'help' && e.spec !== 'version' && takesValue(e.spec);
      });
      i += allTakeValue && !word.value.includes('=') && isArg(i + 1) ? 2 : 1;
      continue;
    }
    i = consumeOption(words, i, k.match, table, isArg, out);
  }
  return out;
}

function consumeOption(
  words: readonly Word[],
  i: number,
  match: Match,
  table: Map<string, OptionEntry>,
  isArg: (i: number) => boolean,
  out: ParsedArgv,
): number {
  const word = words[i];
  let { entry, explicit, explicitAt } = match;
  // Combined short flags (`-Dw3`): a flag that takes no value passes the rest on as a new short option.
  for (;;) {
    const spec = entry.spec;
    if (spec === 'help' || spec === 'version' || !takesValue(spec)) {
      if (spec === 'help' || spec === 'version') out.exitsEarly ??= word;
      else if (spec.nargs === '?') {
        // `--proxy-protocol [MODE]`: an explicit or following argument is the mode, else the constant.
        if (explicit !== null) return push(out, spec, entry.flag, word, explicit, subWord(word, explicitAt), i + 1);
        if (isArg(i + 1)) return push(out, spec, entry.flag, word, words[i + 1].value, words[i + 1], i + 2);
        return push(out, spec, entry.flag, word, spec.constValue ?? true, word, i + 1);
      } else {
        if (explicit === null) push(out, spec, entry.flag, word, constOf(spec), word, i + 1);
      }
      if (explicit === null) return i + 1;
      const single = entry.flag.length === 2 && entry.flag[1] !== '-';
      if (!single || explicit === '') {
        out.errors.push({ code: 'unexpected-value', word, message: `argument ${entry.flag}: ignored explicit argument '${explicit}'` });
        return i + 1;
      }
      if (spec !== 'help' && spec !== 'version') push(out, spec, entry.flag, word, constOf(spec), word, i + 1);
      const next = table.get('-' + explicit[0]);
      if (!next) {
        out.errors.push({ code: 'unexpected-value', word, message: `argument ${entry.flag}: ignored explicit argument '${explicit}'` });
        return i + 1;
      }
      entry = next;
      explicitAt += 1;
      explicit = explicit.length > 1 ? explicit.slice(1) : null;
      continue;
    }
    if (explicit !== null) return push(out, spec, entry.flag, word, explicit, subWord(word, explicitAt), i + 1);
    if (isArg(i + 1)) return push(out, spec, entry.flag, word, words[i + 1].value, words[i + 1], i + 2);
    out.errors.push({ code: 'missing-value', word, message: `argument ${spec.cli.join('/')}: expected one argument` });
    return i + 1;
  }
}

function constOf(spec: GunicornSettingSpec): boolean {
  if (spec.action === 'store_const') return spec.constValue === true;
  return true;
}

function push(out: ParsedArgv, spec: GunicornSettingSpec, flag: string, optionWord: Word, value: string | boolean, valueWord: Word, next: number): number {
  // argparse applies the option's `type` itself: a value int() refuses is a usage error (exit 2).
  // A value holding a variable the files do not resolve (`$WORKERS`) is not judged.
  const unresolved = (valueWord as { unknownVars?: string[] }).unknownVars?.length;
  if (typeof value === 'string' && !unresolved && spec.argType && (spec.argType === 'int' ? pyInt(value) : autoInt(value)) === undefined) {
    out.errors.push({ code: 'invalid-value', word: valueWord, message: `argument ${spec.cli.join('/')}: invalid ${spec.argType} value: '${value}'` });
    return next;
  }
  out.options.push({ spec, flag, optionWord, value, valueWord });
  return next;
}
