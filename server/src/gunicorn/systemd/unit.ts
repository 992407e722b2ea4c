/**
 * systemd unit files (`*.service`, `*.socket`) as systemd reads them (systemd.syntax(7)): `[Section]`
 * headers, `Key=Value` lines, `#`/`;` comment lines, and a `\` at the end of a line joining the next
 * line (the backslash becomes a space; comment lines inside a continuation are skipped). Every value
 * keeps a map from its characters back to the file, so words taken from it point at their source.
 */

/** One `Key=Value` assignment. */
export interface UnitEntry {
  section: string;
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value with surrounding whitespace removed and continuation lines joined. */
  value: string;
  /** File offset of each character of `value`, plus one entry for its end. */
  offsets: number[];
  /** Range of the whole assignment (key to the end of the last continuation line). */
  start: number;
  end: number;
}

/** A parsed unit file: its entries in order, and lines systemd would ignore with a warning. */
export interface UnitFile {
  file: string;
  entries: UnitEntry[];
  errors: Array<{ start: number; end: number; message: string }>;
}

interface Line {
  text: string;
  start: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let end = i;
      if (end > start && text[end - 1] === '\r') end--;
      lines.push({ text: text.slice(start, end), start });
      start = i + 1;
    }
  }
  return lines;
}

const isComment = (s: string) => /^\s*[#;]/.test(s);

/** Parses a unit file; never throws. */
export function parseUnitFile(text: string, file: string): UnitFile {
  const out: UnitFile = { file, entries: [], errors: [] };
  const lines = splitLines(text);
  let section = '';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const trimmed = line.text.trim();
    if (trimmed === '' || isComment(line.text)) continue;
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      if (close < 0) out.errors.push({ start: line.start, end: line.start + line.text.length, message: 'Invalid section header' });
      else section = trimmed.slice(1, close);
      continue;
    }
    const eq = line.text.indexOf('=');
    if (eq < 0) {
      out.errors.push({ start: line.start, end: line.start + line.text.length, message: 'Missing "=", ignoring line' });
      continue;
    }
    const rawKey = line.text.slice(0, eq);
    const keyLead = rawKey.length - rawKey.trimStart().length;
    const key = rawKey.trim();
    // Gather the value and its continuation lines, keeping a per-character offset map.
    let value = '';
    const offsets: number[] = [];
    let seg = line.text.slice(eq + 1);
    let segStart = line.start + eq + 1;
    let lastEnd = line.start + line.text.length;
    for (;;) {
      const continued = seg.endsWith('\\');
      const body = continued ? seg.slice(0, -1) : seg;
      for (let k = 0; k < body.length; k++) {
        value += body[k];
        offsets.push(segStart + k);
      }
      if (!continued) break;
      value += ' ';
      offsets.push(segStart + body.length);
      // Skip comment lines inside the continuation.
      let next = n + 1;
      while (next < lines.length && isComment(lines[next].text)) next++;
      if (next >= lines.length) break;
      n = next;
      seg = lines[n].text;
      segStart = lines[n].start;
      lastEnd = lines[n].start + lines[n].text.length;
    }
    // Strip surrounding whitespace, as systemd does.
    let a = 0;
    let b = value.length;
    while (a < b && /\s/.test(value[a])) a++;
    while (b > a && /\s/.test(value[b - 1])) b--;
    const endOffset = b > a ? offsets[b - 1] + 1 : (offsets[a] ?? segStart);
    out.entries.push({
      section,
      key,
      keyStart: line.start + keyLead,
      keyEnd: line.start + keyLead + key.length,
      value: value.slice(a, b),
      offsets: [...offsets.slice(a, b), endOffset],
      start: line.start + keyLead,
      end: lastEnd,
    });
  }
  return out;
}

/** The entries of `section` named `key`, in file order. */
export function entriesOf(unit: UnitFile, section: string, key: string): UnitEntry[] {
  return unit.entries.filter((e) => e.section === section && e.key === key);
}

/**
 * The effective value of a single-valued key: the last assignment wins; an empty assignment resets
 * (systemd's usual rule for single values).
 */
export function lastEntry(unit: UnitFile, section: string, key: string): UnitEntry | undefined {
  const all = entriesOf(unit, section, key);
  const last = all[all.length - 1];
  return last && last.value !== '' ? last : undefined;
}

/** systemd's boolean parsing (`parse_boolean`): 1/yes/y/true/t/on and 0/no/n/false/f/off. */
export function parseUnitBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(v)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(v)) return false;
  return undefined;
}
