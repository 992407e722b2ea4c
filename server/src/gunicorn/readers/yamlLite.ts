/**
 * Just enough YAML for docker-compose files, with positions: nested block mappings (`key: value`),
 * block sequences (`- item`), flow sequences (`[a, "b"]`), plain/quoted scalars, `>`/`|` block
 * scalars, and `#` comments. Anchors, tags, multi-document streams and flow mappings other than
 * `{}` are not modelled (their values come out as plain text). Never throws.
 */
import type { Word } from '../words';

/** A YAML node: a scalar (a word with its source map), a sequence, or a mapping. */
export type YamlNode =
  | { kind: 'scalar'; word: Word }
  | { kind: 'seq'; items: YamlNode[]; start: number; end: number }
  | { kind: 'map'; entries: Array<{ key: Word; value: YamlNode | undefined }>; start: number; end: number };

interface Line {
  indent: number;
  /** Content after the indentation, comments removed. */
  text: string;
  start: number;
}

function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:[,-]/.test(s[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    const l = raw.replace(/\r$/, '');
    const indent = l.length - l.trimStart().length;
    out.push({ indent, text: l.slice(indent), start: pos + indent });
    pos += raw.length + 1;
  }
  return out;
}

/** A scalar written at `at` in the file: quotes removed, escapes resolved, offsets kept. */
export function scalar(raw: string, at: number, file: string): Word {
  const t = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  const start = at + lead;
  if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) {
    let value = '';
    const offsets: number[] = [];
    for (let i = 1; i < t.length - 1; i++) {
      value += t[i];
      offsets.push(start + i);
      if (t[i] === "'" && t[i + 1] === "'") i++;
    }
    offsets.push(start + t.length);
    return { value, file, start, end: start + t.length, offsets };
  }
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    let value = '';
    const offsets: number[] = [];
    const esc: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/', r: '\r', '0': '\0', ' ': ' ' };
    for (let i = 1; i < t.length - 1; i++) {
      if (t[i] === '\\' && i + 1 < t.length - 1) {
        value += esc[t[i + 1]] ?? t[i + 1];
        offsets.push(start + i);
        i++;
        continue;
      }
      value += t[i];
      offsets.push(start + i);
    }
    offsets.push(start + t.length);
    return { value, file, start, end: start + t.length, offsets };
  }
  const offsets = Array.from({ length: t.length + 1 }, (_, i) => start + i);
  return { value: t, file, start, end: start + t.length, offsets };
}

/** Splits a flow sequence body (`a, "b, c", 'd'`) into scalars. */
function flowItems(body: string, at: number, file: string): YamlNode[] {
  const items: YamlNode[] = [];
  let quote: string | null = null;
  let from = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ',' || i === body.length) {
      const part = body.slice(from, i);
      if (part.trim() !== '') items.push({ kind: 'scalar', word: scalar(part, at + from, file) });
      from = i + 1;
    }
  }
  return items;
}

/** Parses the text as a tree of block mappings and sequences. */
export function parseYaml(text: string, file: string): YamlNode | undefined {
  const ls = lines(text).map((l) => ({ ...l, text: stripComment(l.text) }));
  let n = 0;
  const skip = () => {
    while (n < ls.length && (ls[n].text === '' || ls[n].text === '---')) n++;
  };

  // The value after `key:` on the same line, or the block below (indented more than `indent`).
  const value = (rest: string, at: number, indent: number): YamlNode | undefined => {
    const t = rest.trim();
    const lead = rest.length - rest.trimStart().length;
    if (t === '' || t.startsWith('&')) {
      n++;
      skip();
      if (n < ls.length && (ls[n].indent > indent || (ls[n].indent === indent && ls[n].text.startsWith('- ')))) return block(ls[n].indent);
      return undefined;
    }
    n++;
    if (t === '|' || t === '>' || /^[|>][-+]?$/.test(t)) {
      // A block scalar: the more-indented lines, joined with newlines (|) or spaces (>).
      let value = '';
      const offsets: number[] = [];
      let start = -1;
      let end = at;
      while (n < ls.length && (ls[n].text === '' || ls[n].indent > indent)) {
        const l = ls[n];
        if (l.text !== '') {
          if (start < 0) start = l.start;
          else {
            value += t.startsWith('|') ? '\n' : ' ';
            offsets.push(l.start - 1);
          }
          for (let k = 0; k < l.text.length; k++) {
            value += l.text[k];
            offsets.push(l.start + k);
          }
          end = l.start + l.text.length;
        }
        n++;
      }
      offsets.push(end);
      return { kind: 'scalar', word: { value, file, start: start < 0 ? at : start, end, offsets } };
    }
    if (t.startsWith('[') && t.endsWith(']')) return { kind: 'seq', items: flowItems(t.slice(1, -1), at + lead + 1, file), start: at + lead, end: at + lead + t.length };
    if (t === '{}') return { kind: 'map', entries: [], start: at + lead, end: at + lead + 2 };
    return { kind: 'scalar', word: scalar(rest, at, file) };
  };

  const block = (indent: number): YamlNode | undefined => {
    skip();
    if (n >= ls.length) return undefined;
    const first = ls[n];
    if (first.text.startsWith('- ') || first.text === '-') {
      const items: YamlNode[] = [];
      const start = first.start;
      let end = start;
      while (n < ls.length && ls[n].indent === indent && (ls[n].text.startsWith('- ') || ls[n].text === '-')) {
        const l = ls[n];
        const body = l.text.slice(1);
        const kv = /^\s*([A-Za-z0-9_.-]+):(\s|$)/.exec(body);
        if (kv) {
          // `- key: value` starts a mapping inside the sequence: re-read the line as such.
          const innerIndent = l.indent + 1 + (body.length - body.trimStart().length);
          ls[n] = { indent: innerIndent, text: body.trimStart(), start: l.start + (l.text.length - body.trimStart().length) };
          const m = block(innerIndent);
          if (m) items.push(m);
        } else {
          const v = value(body, l.start + 1, indent);
          if (v) items.push(v);
        }
        end = l.start + l.text.length;
        skip();
      }
      return { kind: 'seq', items, start, end };
    }
    const entries: Array<{ key: Word; value: YamlNode | undefined }> = [];
    const start = first.start;
    let end = start;
    while (n < ls.length && ls[n].indent === indent) {
      const l = ls[n];
      const m = /^("[^"]*"|'[^']*'|[^:]+?)\s*:(\s|$)/.exec(l.text);
      if (!m) {
        n++;
        skip();
        continue;
      }
      const key = scalar(m[1], l.start, file);
      const restAt = l.start + m[0].length;
      entries.push({ key, value: value(l.text.slice(m[0].length), restAt, indent) });
      end = l.start + l.text.length;
      skip();
    }
    return { kind: 'map', entries, start, end };
  };

  skip();
  return n < ls.length ? block(ls[n].indent) : undefined;
}

/** The value of `key` in a mapping node. */
export function get(node: YamlNode | undefined, key: string): YamlNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return node.entries.find((e) => e.key.value === key)?.value;
}
