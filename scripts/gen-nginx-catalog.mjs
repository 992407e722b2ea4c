#!/usr/bin/env node
// Generates server/src/nginx/catalog.generated.ts from @nginx/reference-lib (the machine-readable
// nginx.org documentation). Run `node scripts/gen-nginx-catalog.mjs` after upgrading the library;
// test/unit/nginx/catalog.test.ts fails when the committed file differs from what this renders.
//
// What it normalizes:
// - contexts: the docs say `server` for http, stream and mail servers alike and `if` for both `if`
//   contexts; we name them the way the checker walks blocks (`stream server`, `if in server`, ...);
// - text: markdown markup is removed; descriptions are cut to their first sentence(s) for hover;
// - urls: the nginx.org page of the module plus the directive anchor.
import { Format, getDirectives, getVariables } from '@nginx/reference-lib';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const OUT = fileURLToPath(new URL('../server/src/nginx/catalog.generated.ts', import.meta.url));

/** The library version, for the header (so a diff shows which docs a table came from). */
function libraryVersion() {
  const pkg = new URL('../node_modules/@nginx/reference-lib/package.json', import.meta.url);
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

/** `server` and friends mean different blocks depending on the module family. */
export function normalizeContexts(module, contexts) {
  const family = module.startsWith('ngx_stream_') ? 'stream' : module.startsWith('ngx_mail_') ? 'mail' : module === 'Core functionality' ? 'core' : 'http';
  const out = [];
  for (const c of contexts) {
    if (c === '') out.push('any');
    else if (family === 'stream' && c === 'server') out.push('stream server');
    else if (family === 'stream' && c === 'upstream') out.push('stream upstream');
    else if (family === 'mail' && c === 'server') out.push('mail server');
    // The core page documents error_log for every server kind at once.
    else if (family === 'core' && c === 'server') out.push('server', 'stream server', 'mail server');
    else if (c === 'if') out.push('if in server', 'if in location');
    else out.push(c);
  }
  return [...new Set(out)];
}

/**
 * Markdown to plain text: links keep their text, emphasis and code markers go. A star inside
 * backticks is literal (`~*`, `*.example.com`), so only the parts between code spans lose theirs.
 */
export function stripMarkdown(s) {
  return s
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*/g, '')))
    .join('');
}

/** The first sentence(s) of a description: enough to say what the directive does on hover. */
export function shortDescription(md) {
  const firstPara = md.split(/\n\s*\n|```/)[0];
  const text = stripMarkdown(
    firstPara
      .split('\n')
      .map((l) => l.replace(/^\s*>\s?/, '').replace(/^\s*-\s+/, ''))
      .join(' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
  // Sentences end at ". " followed by a capital letter (not "e.g. the", not "1.1.8").
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z“"(])/);
  let out = '';
  for (const s of sentences) {
    if (out && out.length + s.length > 300) break;
    out = out ? `${out} ${s}` : s;
    if (out.length >= 80) break;
  }
  // "Sets names of a virtual server, for example:" reads oddly without its example.
  return out.replace(/,?\s*(for example|as follows)?:$/i, '.');
}

/** The nginx.org page of a module (the library does not expose its page ids). */
export function moduleUrl(module) {
  if (module === 'Core functionality') return 'https://nginx.org/en/docs/ngx_core_module.html';
  const m = /^ngx_(http|stream|mail)_/.exec(module);
  return m ? `https://nginx.org/en/docs/${m[1]}/${module}.html` : `https://nginx.org/en/docs/${module}.html`;
}

/** The catalog entries, in the library's order (module by module). */
export function catalogEntries() {
  return getDirectives(Format.Markdown).map((d) => ({
    name: d.name,
    module: d.module === 'Core functionality' ? 'core' : d.module,
    contexts: normalizeContexts(d.module, d.contexts),
    block: d.isBlock,
    // Defaults are plain text (`*:80` is a literal star), not markdown.
    default: (d.default ?? '').trim(),
    syntax: (d.syntax ?? []).map((s) => stripMarkdown(s).replace(/\s+/g, ' ').trim()),
    description: shortDescription(d.description ?? ''),
    url: `${moduleUrl(d.module)}#${d.name}`,
  }));
}

/** The documented variables, one entry per module that defines a name (stream and http both have `$remote_addr`). */
export function variableEntries() {
  const seen = new Set();
  const out = [];
  for (const v of getVariables(Format.Markdown)) {
    const name = v.name.replace(/^\$/, '');
    const module = v.module === 'Core functionality' ? 'core' : v.module;
    if (seen.has(`${module}/${name}`)) continue;
    seen.add(`${module}/${name}`);
    out.push({ name, module, description: shortDescription(v.description ?? '') });
  }
  return out;
}

/** The text of catalog.generated.ts. */
export function renderCatalog() {
  const lines = [
    '// Generated by scripts/gen-nginx-catalog.mjs from @nginx/reference-lib ' + libraryVersion() + '. Do not edit:',
    '// change the generator (or argcounts.ts / catalog.ts for hand-made facts) and re-run it.',
    "import type { DirectiveSpec, VariableSpec } from './directiveSpec';",
    '',
    '/** Every directive of every module nginx.org documents (a name can appear once per module). */',
    'export const NGINX_DIRECTIVES: readonly DirectiveSpec[] = [',
  ];
  for (const e of catalogEntries()) lines.push(`  ${JSON.stringify(e)},`);
  lines.push('];', '', '/** Every variable nginx.org documents (names without `$`; `http_NAME` stands for a family). */', 'export const NGINX_VARIABLES: readonly VariableSpec[] = [');
  for (const e of variableEntries()) lines.push(`  ${JSON.stringify(e)},`);
  lines.push('];', '');
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(OUT, renderCatalog());
  console.log(`wrote ${OUT}`);
}
