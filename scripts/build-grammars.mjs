#!/usr/bin/env node
// Compiles the TextMate grammars authored in YAML (syntaxes/*.tmLanguage.yaml) into the JSON files
// VS Code loads (syntaxes/*.tmLanguage.json, committed). `--check` writes nothing and exits 1 when a
// committed JSON file is stale, which is what the grammar test runs. `--dir PATH` reads and writes
// another syntaxes folder.
//
// The YAML may carry a top-level `variables:` map; `{{name}}` in any string is replaced by that
// variable (variables may use earlier variables), as in Sublime's .sublime-syntax format. For the
// nginx grammar the script also provides `knownDirectives`, `blockDirectives` and
// `mixedBlockDirectives`, generated from @nginx/reference-lib so that the highlighting knows exactly
// the directive names nginx documents (a typo such as `proxy_pas` then shows as unknown).
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { getDirectives } from '@nginx/reference-lib';

const root = new URL('..', import.meta.url).pathname;
// `--dir PATH` works on another copy of syntaxes/ (the staleness test uses a temp copy).
const dirArg = process.argv.indexOf('--dir');
const syntaxes = dirArg > 0 ? process.argv[dirArg + 1] : join(root, 'syntaxes');

/** Escapes a literal for use inside an Oniguruma pattern. */
function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Builds a compact alternation of `words` by factoring common prefixes into a trie:
 * ["proxy_pass", "proxy_bind"] -> "proxy_(?:bind|pass)". Shorter patterns compile and scan faster
 * than a flat list of ~800 names, and the order inside a group does not matter because every use
 * is followed by a word-end lookahead.
 */
export function trieRegex(words) {
  const trie = new Map();
  for (const w of words) {
    let node = trie;
    for (const ch of w) {
      if (!node.has(ch)) node.set(ch, new Map());
      node = node.get(ch);
    }
    node.set('', null); // end-of-word marker
  }
  const emit = (node) => {
    const alts = [];
    let optional = false;
    for (const [ch, child] of [...node.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (ch === '') {
        optional = true;
        continue;
      }
      // Collapse single-child chains into one literal run.
      let run = escapeRegex(ch);
      let cur = child;
      while (cur.size === 1 && !cur.has('')) {
        const [[c, next]] = cur.entries();
        run += escapeRegex(c);
        cur = next;
      }
      const rest = emit(cur);
      alts.push(run + rest);
    }
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
    if (!optional) return body;
    // A single character needs no group before `?`; anything longer does.
    return alts.length === 1 && /^(?:\\.|[^\\])$/.test(alts[0]) ? `${alts[0]}?` : `(?:${alts.join('|')})?`;
  };
  return emit(trie);
}

// Real nginx directives that the documentation (and so @nginx/reference-lib) leaves out; nginx
// 1.22 accepts them (post_action is used by nginx's own test suite).
const undocumented = [{ name: 'post_action', isBlock: false }];

/** Directive-name tables for the nginx grammar, from the official reference. */
export function nginxVariables() {
  const byName = new Map();
  for (const d of [...getDirectives(), ...undocumented]) {
    const kinds = byName.get(d.name) ?? new Set();
    kinds.add(d.isBlock);
    byName.set(d.name, kinds);
  }
  const names = [...byName.keys()].sort();
  // Blocks with their own rules in the grammar (special argument or body syntax).
  const special = new Set(['location', 'if', 'map', 'geo', 'split_clients', 'charset_map', 'types']);
  const block = names.filter((n) => !special.has(n) && byName.get(n).size === 1 && byName.get(n).has(true));
  // `server` is a block in http/stream/mail but a plain directive inside `upstream`.
  const mixed = names.filter((n) => !special.has(n) && byName.get(n).size === 2);
  return {
    knownDirectives: trieRegex(names),
    blockDirectives: trieRegex(block),
    mixedBlockDirectives: trieRegex(mixed),
  };
}

/** Replaces `{{name}}` in every string of `value` (deeply). Unknown names are an error. */
function substitute(value, vars, file) {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, name) => {
      if (!(name in vars)) throw new Error(`${file}: unknown variable {{${name}}}`);
      return vars[name];
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars, file));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars, file)]));
  }
  return value;
}

/** Compiles one YAML grammar source to the JSON text that is committed next to it. */
export function compileGrammar(yamlText, fileName, generated = {}) {
  const doc = load(yamlText);
  const { variables = {}, ...grammar } = doc;
  const vars = { ...generated };
  for (const [k, v] of Object.entries(variables)) vars[k] = substitute(String(v), vars, fileName);
  const out = {
    information_for_contributors: [
      `This file is generated from ${fileName} by scripts/build-grammars.mjs. Do not edit it by hand:`,
      'edit the YAML source and run `node scripts/build-grammars.mjs`.',
    ],
    ...substitute(grammar, vars, fileName),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/** Every grammar source and the JSON it compiles to: `[{ source, target, json }]`. */
export function buildAll() {
  const sources = readdirSync(syntaxes).filter((f) => f.endsWith('.tmLanguage.yaml')).sort();
  return sources.map((source) => {
    const generated = source.startsWith('nginx.') ? nginxVariables() : {};
    const json = compileGrammar(readFileSync(join(syntaxes, source), 'utf8'), source, generated);
    return { source, target: source.replace(/\.yaml$/, '.json'), json };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { source, target, json } of buildAll()) {
    const path = join(syntaxes, target);
    let current = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current === json) continue;
    if (check) {
      console.error(`syntaxes/${target} is stale: run node scripts/build-grammars.mjs (source: ${source})`);
      stale++;
    } else {
      writeFileSync(path, json);
      console.log(`wrote syntaxes/${target}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
