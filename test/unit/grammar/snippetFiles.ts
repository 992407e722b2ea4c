// Reads the snippet files we ship (snippets/*.json) for the unit and integration tests.
import { readFileSync } from 'node:fs';
import { repoRoot } from './textmate';
import { choiceCombinations, expandSnippet, type ExpandOptions, type Expansion } from './snippetSyntax';

/** One snippet as VS Code reads it from a contributed snippets file. */
export interface Snippet {
  name: string;
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** The snippets of `snippets/<file>`, in file order. */
export function loadSnippets(file: string): Snippet[] {
  const json = JSON.parse(readFileSync(new URL(`snippets/${file}`, repoRoot), 'utf8')) as Record<string, Omit<Snippet, 'name'>>;
  return Object.entries(json).map(([name, s]) => ({ name, ...s }));
}

/** One expansion of a snippet: the defaults, with one combination of choice picks. */
export interface SnippetExpansion extends Expansion {
  snippet: Snippet;
  /** A label naming the snippet and the choices taken, for test names. */
  label: string;
}

/**
 * Every way a snippet expands when each placeholder keeps its default: once per combination of
 * choice options. `variables` are the editor variables (e.g. TM_FILENAME_BASE).
 */
export function expansions(file: string, variables: Record<string, string> = {}): SnippetExpansion[] {
  return loadSnippets(file).flatMap((snippet) =>
    choiceCombinations(snippet.body).map((choices) => {
      const picked = Object.entries(choices).map(([i, c]) => `$${i}=${expandSnippet(snippet.body, { choices }).choices.get(Number(i))![c]}`);
      return {
        ...expandSnippet(snippet.body, { choices, variables }),
        snippet,
        label: picked.length ? `${snippet.name} [${picked.join(', ')}]` : snippet.name,
      };
    }),
  );
}

/** The text of the one snippet in `file` whose name matches `name`, expanded with `opts`. */
export function expandOne(file: string, name: RegExp, opts: ExpandOptions = {}): string {
  const found = loadSnippets(file).filter((s) => name.test(s.name));
  if (found.length !== 1) throw new Error(`${found.length} snippets in ${file} match ${name}`);
  const r = expandSnippet(found[0].body, opts);
  if (r.errors.length) throw new Error(r.errors.join('; '));
  return r.text;
}
