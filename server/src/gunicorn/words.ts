/**
 * A word of a command line after the launcher's own quoting is undone, still tied to the text it came
 * from, so that every setting read from it can point back at its source.
 */
export interface Word {
  /** The word as the program receives it (quotes removed, escapes and variables resolved). */
  value: string;
  /** The file the word was written in (absolute path, as the host sees it). */
  file: string;
  /** UTF-16 offsets of the written token in `file`, `end` exclusive. */
  start: number;
  end: number;
  /**
   * Source offset of each character of `value` (length `value.length + 1`, the last entry is where the
   * word ends), when the tokenizer knows it. Lets a part of a word (`--bind=X`, `-w3`) get its own range.
   */
  offsets?: number[];
}

/** A range in a file, for values that do not come from a single word. */
export interface Source {
  file: string;
  start: number;
  end: number;
}

/** The part `[from, to)` of a word's value as a word of its own, with the narrowest known range. */
export function subWord(word: Word, from: number, to = word.value.length): Word {
  const value = word.value.slice(from, to);
  if (!word.offsets) return { value, file: word.file, start: word.start, end: word.end };
  const offsets = word.offsets.slice(from, to + 1);
  const start = offsets[0] ?? word.start;
  // A part that reaches the end of the word keeps the closing quote; an inner part ends just after its last character.
  const end = to >= word.value.length ? word.end : to > from ? (word.offsets[to - 1] ?? start) + 1 : start;
  return { value, file: word.file, start, end: Math.max(start, end), offsets };
}

/** A word whose characters map one to one to `text` at `start` (no quotes, no escapes). */
export function plainWord(file: string, value: string, start: number): Word {
  const offsets = new Array<number>(value.length + 1);
  for (let i = 0; i <= value.length; i++) offsets[i] = start + i;
  return { value, file, start, end: start + value.length, offsets };
}

/** The source range of a word. */
export function sourceOf(word: Word): Source {
  return { file: word.file, start: word.start, end: word.end };
}
