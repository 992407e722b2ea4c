// Loads the committed TextMate grammars into vscode-textmate (the engine VS Code itself uses, with
// the same Oniguruma regex library), so tests see exactly the tokens the editor would.
import { readFileSync } from 'node:fs';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

/** The repository root, as a file URL ending in `/`. */
export const repoRoot = new URL('../../../', import.meta.url);

/** Where each scope's grammar file lives. source.lua is a small stand-in for VS Code's Lua grammar. */
const grammarFiles: Record<string, string> = {
  'source.nginx': 'syntaxes/nginx.tmLanguage.json',
  'source.systemd': 'syntaxes/systemd-unit.tmLanguage.json',
  'source.lua': 'test/fixtures/grammar/lua.tmLanguage.json',
};

/** One token of one line: its text, start column (UTF-16) and scopes, outermost first. */
export interface Token {
  text: string;
  start: number;
  scopes: string[];
}

/** A tokenized document: tokens per line and the rule stack depth left at the end (1 = all closed). */
export interface Tokenized {
  lines: Token[][];
  endDepth: number;
}

let registry: Promise<vsctm.Registry> | undefined;

function getRegistry(): Promise<vsctm.Registry> {
  registry ??= (async () => {
    const wasm = readFileSync(new URL('node_modules/vscode-oniguruma/release/onig.wasm', repoRoot));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = grammarFiles[scopeName];
        if (!file) return null;
        const path = new URL(file, repoRoot);
        return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path.pathname);
      },
    });
  })();
  return registry;
}

const grammars = new Map<string, Promise<vsctm.IGrammar>>();

/** The compiled grammar for a scope name (cached per process). */
export function loadGrammar(scopeName: string): Promise<vsctm.IGrammar> {
  let g = grammars.get(scopeName);
  if (!g) {
    g = getRegistry().then(async (r) => {
      const grammar = await r.loadGrammar(scopeName);
      if (!grammar) throw new Error(`no grammar for ${scopeName}`);
      return grammar;
    });
    grammars.set(scopeName, g);
  }
  return g;
}

/** Tokenizes a whole document line by line, carrying the rule stack like the editor does. */
export async function tokenize(scopeName: string, text: string): Promise<Tokenized> {
  const grammar = await loadGrammar(scopeName);
  let stack = vsctm.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, stack, 10_000);
    if (r.stoppedEarly) throw new Error(`tokenizing stopped early (time limit) on: ${line}`);
    lines.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes })));
    stack = r.ruleStack;
  }
  return { lines, endDepth: (stack as unknown as { depth: number }).depth };
}

/**
 * The snapshot text of a document: each source line prefixed by `>`, then one `#` line per
 * token that carries a scope beyond the root, with `^` under the token's columns and its scopes
 * (root scope omitted). Whitespace-only tokens with no scope of their own are left out. Diffs of
 * this format read like the highlighted file.
 */
export function snapshotText(source: string, tokenized: Tokenized): string {
  const out: string[] = [];
  const lines = source.split(/\r?\n/);
  lines.forEach((line, i) => {
    out.push(`>${line}`);
    for (const t of tokenized.lines[i]) {
      const scopes = t.scopes.slice(1);
      if (scopes.length === 0) continue;
      out.push(`#${' '.repeat(t.start)}${'^'.repeat(Math.max(1, t.text.length))} ${scopes.join(' ')}`);
    }
  });
  return out.join('\n') + '\n';
}

/** The scopes of the first token whose text is `text` on line `line` (0-based), root omitted. */
export function scopesOf(tokenized: Tokenized, line: number, text: string, occurrence = 0): string[] | undefined {
  const found = tokenized.lines[line]?.filter((t) => t.text === text)[occurrence];
  return found?.scopes.slice(1);
}
