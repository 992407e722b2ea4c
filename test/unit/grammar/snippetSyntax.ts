// A small, strict implementation of VS Code's snippet syntax, for testing the snippets we ship:
// it parses a body the way VS Code's SnippetParser does and expands it with the default values,
// so tests can feed the result to nginx, systemd-analyze or Python.
//
// Grammar (VS Code docs, "Snippet syntax"):
//   any         ::= tabstop | placeholder | choice | variable | text
//   tabstop     ::= '$' int | '${' int '}'
//   placeholder ::= '${' int ':' any '}'
//   choice      ::= '${' int '|' text (',' text)* '|}'
//   variable    ::= '$' var | '${' var '}' | '${' var ':' any '}'
// `\` escapes `$`, `}` and `\` (and `,` `|` inside a choice); any other `\` is literal. A `$`
// that starts no construct is literal text. Transforms (`${1/re/fmt/}`) are not used by our
// snippets and are reported as errors rather than guessed at.

/** A node of a parsed snippet body. */
export type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[] | null }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] | null };

/** The result of parsing: the nodes plus syntax errors (the parser never throws). */
export interface ParsedSnippet {
  nodes: SnippetNode[];
  errors: string[];
}

/** Parses a snippet body (lines already joined with "\n"). */
export function parseSnippet(body: string): ParsedSnippet {
  const errors: string[] = [];
  let pos = 0;

  // Reads nodes until `stop` (a closing `}` for a placeholder's default) or the end.
  function parseAny(inPlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) {
        text += body[pos + 1];
        pos += 2;
        continue;
      }
      if (ch === '}' && inPlaceholder) break;
      if (ch === '$') {
        const node = parseDollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += ch;
      pos++;
    }
    flush();
    return nodes;
  }

  // At a `$`: returns the construct it starts (advancing), or null (leaving `$` as text).
  function parseDollar(): SnippetNode | null {
    const start = pos;
    const rest = body.slice(pos);
    let m = /^\$(\d+)/.exec(rest);
    if (m) {
      pos += m[0].length;
      return { kind: 'tabstop', index: Number(m[1]), children: null };
    }
    m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      pos += m[0].length;
      return { kind: 'variable', name: m[1], children: null };
    }
    m = /^\$\{(\d+)/.exec(rest);
    if (m) {
      pos += m[0].length;
      const index = Number(m[1]);
      if (body[pos] === '}') {
        pos++;
        return { kind: 'tabstop', index, children: null };
      }
      if (body[pos] === ':') {
        pos++;
        const children = parseAny(true);
        if (body[pos] !== '}') {
          errors.push(`unclosed placeholder \${${index}: at offset ${start}`);
          return { kind: 'tabstop', index, children };
        }
        pos++;
        return { kind: 'tabstop', index, children };
      }
      if (body[pos] === '|') {
        pos++;
        const options = parseChoiceOptions();
        if (options === null) {
          errors.push(`unclosed choice \${${index}| at offset ${start}`);
          return { kind: 'choice', index, options: [] };
        }
        return { kind: 'choice', index, options };
      }
      if (body[pos] === '/') errors.push(`transforms are not supported (offset ${start})`);
      else errors.push(`malformed tabstop at offset ${start}`);
      pos = start;
      return null;
    }
    m = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      pos += m[0].length;
      const name = m[1];
      if (body[pos] === '}') {
        pos++;
        return { kind: 'variable', name, children: null };
      }
      if (body[pos] === ':') {
        pos++;
        const children = parseAny(true);
        if (body[pos] !== '}') errors.push(`unclosed variable \${${name}: at offset ${start}`);
        else pos++;
        return { kind: 'variable', name, children };
      }
      if (body[pos] === '/') errors.push(`transforms are not supported (offset ${start})`);
      else errors.push(`malformed variable at offset ${start}`);
      pos = start;
      return null;
    }
    return null;
  }

  // After `${N|`: options separated by `,`, closed by `|}`; `\` escapes `, | $ } \`.
  function parseChoiceOptions(): string[] | null {
    const options: string[] = [];
    let cur = '';
    while (pos < body.length) {
      const ch = body[pos];
      if (ch === '\\' && pos + 1 < body.length && ',|$}\\'.includes(body[pos + 1])) {
        cur += body[pos + 1];
        pos += 2;
        continue;
      }
      if (ch === ',') {
        options.push(cur);
        cur = '';
        pos++;
        continue;
      }
      if (ch === '|' && body[pos + 1] === '}') {
        options.push(cur);
        pos += 2;
        return options;
      }
      cur += ch;
      pos++;
    }
    return null;
  }

  const nodes = parseAny(false);
  return { nodes, errors };
}

/** Options for expanding a snippet. */
export interface ExpandOptions {
  /** Values of VS Code variables (TM_FILENAME_BASE, ...). An absent or empty one uses its default. */
  variables?: Record<string, string>;
  /** Which option to take for a choice tabstop (by index); the first option otherwise. */
  choices?: Record<number, number>;
  /** Text typed over a tabstop (by index), replacing its default in every occurrence. */
  values?: Record<number, string>;
}

/** An expanded snippet: the text, and what the editor would have flagged. */
export interface Expansion {
  text: string;
  /** Variables that are neither given nor have a default: VS Code inserts their name instead. */
  unknownVariables: string[];
  /** Tabstop indexes used, sorted. */
  tabstops: number[];
  /** Choices: tabstop index -> options. */
  choices: Map<number, string[]>;
  errors: string[];
}

/**
 * Expands a snippet with the default values, as accepting every placeholder would:
 * a placeholder's text is its default, and every other occurrence of the same tabstop mirrors
 * the first occurrence that has a default (VS Code fills them in the same way).
 */
export function expandSnippet(body: string | string[], opts: ExpandOptions = {}): Expansion {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const { nodes, errors } = parseSnippet(text);
  const defaults = new Map<number, SnippetNode[]>();
  const choices = new Map<number, string[]>();
  const tabstops = new Set<number>();
  const collect = (list: SnippetNode[]) => {
    for (const n of list) {
      if (n.kind === 'tabstop') {
        tabstops.add(n.index);
        if (n.children && !defaults.has(n.index)) defaults.set(n.index, n.children);
        if (n.children) collect(n.children);
      } else if (n.kind === 'choice') {
        tabstops.add(n.index);
        if (choices.has(n.index)) errors.push(`choice $${n.index} defined twice`);
        choices.set(n.index, n.options);
      } else if (n.kind === 'variable' && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const unknownVariables: string[] = [];
  const render = (list: SnippetNode[], seen: number[]): string =>
    list
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return n.value;
          case 'choice': {
            const typed = opts.values?.[n.index];
            if (typed !== undefined) return typed;
            const pick = opts.choices?.[n.index] ?? 0;
            return n.options[pick] ?? '';
          }
          case 'tabstop': {
            if (seen.includes(n.index)) {
              errors.push(`tabstop $${n.index} contains itself`);
              return '';
            }
            const typed = opts.values?.[n.index];
            if (typed !== undefined) return typed;
            if (choices.has(n.index)) return choices.get(n.index)![opts.choices?.[n.index] ?? 0] ?? '';
            const children = n.children ?? defaults.get(n.index) ?? [];
            return render(children, [...seen, n.index]);
          }
          case 'variable': {
            const value = opts.variables?.[n.name];
            if (value) return value;
            if (n.children) return render(n.children, seen);
            if (value === undefined) unknownVariables.push(n.name);
            return value ?? n.name;
          }
        }
      })
      .join('');
  return {
    text: render(nodes, []),
    unknownVariables,
    tabstops: [...tabstops].sort((a, b) => a - b),
    choices,
    errors,
  };
}

/** Every combination of choice picks of a snippet (one element when it has no choices). */
export function choiceCombinations(body: string | string[]): Array<Record<number, number>> {
  const { choices } = expandSnippet(body);
  let combos: Array<Record<number, number>> = [{}];
  for (const [index, options] of choices) {
    combos = combos.flatMap((c) => options.map((_, i) => ({ ...c, [index]: i })));
  }
  return combos;
}
