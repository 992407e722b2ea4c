/**
 * Issue #9, the nginx side in breadth: every directive of the catalog, in each context it may
 * appear in, with arguments made of a name of Object.prototype (`constructor`, `__proto__`, ...) in
 * the shapes rules read (a word, two words, a variable, `key=value`, `host:port`, a path), checked
 * and outlined next to the same file written with an ordinary name of the same shape. A rule that
 * looks an argument up in an object table would answer differently (or fail internally) here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHost } from '../../../server/src/common/memoryHost';
import { checkPath } from '../../../server/src/project/check';
import { NGINX_DIRECTIVES } from '../../../server/src/nginx/catalog.generated';
import type { DirectiveContext } from '../../../server/src/nginx/catalog';
import { createFeatureContext } from '../../../server/src/features/context';
import { documentLinks, documentSymbols } from '../../../server/src/features/service';
import { defaultSettings } from '../../../shared/src/settings';
import { checkFindings } from './properties';
import { ordinaryTwin } from './protoWorkspace';

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const FILE = '/ws/nginx.conf';

/** What surrounds a directive of each context (contexts of nginx Plus-only modules are left out). */
const WRAP: Partial<Record<DirectiveContext, [string, string]>> = {
  main: ['', ''],
  events: ['events {\n', '}\n'],
  http: ['http {\n', '}\n'],
  server: ['http {\nserver {\n', '}\n}\n'],
  location: ['http {\nserver {\nlocation / {\n', '}\n}\n}\n'],
  'if in server': ['http {\nserver {\nif ($uri) {\n', '}\n}\n}\n'],
  'if in location': ['http {\nserver {\nlocation / {\nif ($uri) {\n', '}\n}\n}\n}\n'],
  limit_except: ['http {\nserver {\nlocation / {\nlimit_except GET {\n', '}\n}\n}\n}\n'],
  upstream: ['http {\nupstream u {\n', '}\n}\n'],
  stream: ['stream {\n', '}\n'],
  'stream server': ['stream {\nserver {\n', '}\n}\n'],
  'stream upstream': ['stream {\nupstream s {\n', '}\n}\n'],
  mail: ['mail {\n', '}\n'],
  'mail server': ['mail {\nserver {\n', '}\n}\n'],
};

/** The argument shapes, for a name. */
const ARGS: Array<(n: string) => string> = [(n) => n, (n) => `${n} ${n}`, (n) => `$${n}`, (n) => `${n}=${n}`, (n) => `${n}:${n}`, (n) => `/${n} ${n}`];

/** Every directive of `context`, once each, with `args`. */
function fileFor(context: DirectiveContext, args: string): string {
  const [open, close] = WRAP[context]!;
  const names = [...new Set(NGINX_DIRECTIVES.filter((d) => d.contexts.includes(context)).map((d) => d.name))];
  return open + names.map((d) => `${d} ${args};`).join('\n') + '\n' + close;
}

/** Findings (with their fixes), outline and links of the file, with every spelling of `n` as `<N>`. */
function answers(n: string, context: DirectiveContext, args: (n: string) => string): { json: string; count: number } {
  const host = new MemoryHost({ [FILE]: fileFor(context, args(n)) });
  const { findings } = checkPath(host, FILE, defaultSettings);
  checkFindings(host, findings, `${n} in ${context}`);
  const ctx = createFeatureContext(host, ['/ws'], defaultSettings);
  const all = { findings: findings.map((f) => [f.code, f.start, f.end, f.message, f.fixes ?? []]), symbols: documentSymbols(ctx, FILE), links: documentLinks(ctx, FILE) };
  const json = JSON.stringify(all, (_k, v: unknown) => (typeof v === 'function' ? `<<js function>>` : v));
  return { json: json.replace(new RegExp(n.replace(/\$/g, '\\$').replace(/_/g, '[_-]'), 'gi'), '<N>'), count: findings.length };
}

for (const context of Object.keys(WRAP) as DirectiveContext[]) {
  test(`every directive of ${context} with prototype names as arguments: the answers of an ordinary name`, () => {
    let findings = 0;
    for (const n of NAMES) {
      for (const args of ARGS) {
        const mine = answers(n, context, args);
        assert.ok(!mine.json.includes('<<js function>>'), `${n} ${args('N')}: a prototype member in the answers`);
        assert.equal(mine.json, answers(ordinaryTwin(n), context, args).json, `${context}: ${args(n)}`);
        findings += mine.count;
      }
    }
    // Not vacuous: the directives were read and judged (argument counts, values, contexts).
    assert.ok(findings >= NAMES.length * ARGS.length * 2, `${findings} findings`);
  });
}
