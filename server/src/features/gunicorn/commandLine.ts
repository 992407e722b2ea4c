/**
 * Where a cursor is on a gunicorn command line, in any file that starts gunicorn: a systemd
 * ExecStart= (with `\` continuations), a Procfile line, a Dockerfile CMD/ENTRYPOINT (shell or JSON
 * form), a supervisor `command=`, a shell script. Only the editing view: words and spans around the
 * cursor; the gunicorn reader does the real parsing for diagnostics.
 */

/** One word of the logical line, quotes excluded from its span. */
export interface CommandWord {
  value: string;
  start: number;
  end: number;
}

/** The cursor on a gunicorn command line. */
export interface CommandCursor {
  /** The words after the gunicorn program. */
  args: CommandWord[];
  /** Index in `args` of the word under the cursor (args.length when in a gap after the last one). */
  index: number;
  /** The word's text before the cursor, and the span a completion replaces. */
  prefix: string;
  start: number;
  end: number;
}

const PROGRAM = /(^|[=/:\s])gunicorn$/;

/** The logical line around `offset` (lines joined by a trailing backslash). */
function logicalLine(text: string, offset: number): { start: number; end: number } {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  while (start > 0) {
    const prevEnd = start - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    if (!/\\[ \t]*\r?$/.test(text.slice(prevStart, prevEnd))) break;
    start = prevStart;
  }
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  while (end < text.length && /\\[ \t]*\r?$/.test(text.slice(text.lastIndexOf('\n', end - 1) + 1, end))) {
    const next = text.indexOf('\n', end + 1);
    end = next < 0 ? text.length : next;
  }
  return { start, end };
}

/** Splits `text[from, to)` into words: whitespace, `\`-newlines and (outside quotes) `[`, `]`, `,` separate. */
export function commandWords(text: string, from: number, to: number): CommandWord[] {
  const out: CommandWord[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '[' || c === ']' || c === ',' || (c === '\\' && /[\r\n]/.test(text[i + 1] ?? ''))) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const end = close < 0 || close > to ? to : close;
      out.push({ value: text.slice(i + 1, end), start: i + 1, end });
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < to && !/[\s"',\]]/.test(text[i])) i++;
    out.push({ value: text.slice(start, i), start, end: i });
  }
  return out;
}

/** The cursor's place on a gunicorn command line, or undefined when it is not on one. */
export function commandCursor(text: string, offset: number): CommandCursor | undefined {
  const line = logicalLine(text, offset);
  const words = commandWords(text, line.start, line.end);
  let program = -1;
  for (let i = 0; i < words.length; i++) {
    if (words[i].end > offset) break;
    if (PROGRAM.test(words[i].value) || (words[i].value === 'gunicorn' && words[i - 1]?.value === '-m')) {
      program = i;
      break;
    }
  }
  if (program < 0 || words[program].end >= offset) return undefined;
  const args = words.slice(program + 1);
  let index = args.findIndex((w) => offset >= w.start && offset <= w.end);
  if (index >= 0) {
    const w = args[index];
    return { args, index, prefix: text.slice(w.start, offset), start: w.start, end: w.end };
  }
  index = args.findIndex((w) => w.start > offset);
  if (index < 0) index = args.length;
  return { args, index, prefix: '', start: offset, end: offset };
}
