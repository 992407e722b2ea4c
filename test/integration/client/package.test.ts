// `npm run package` makes a .vsix with only what the installed extension runs. Builds it for real
// (esbuild + vsce, a few seconds) into a temp folder and reads the archive back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { packageExtension, readVsix } from '../../../scripts/package.mjs';

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
let tmp = '';
let vsix = '';
let entries = new Map<string, Buffer>();

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'deploylens-vsix-'));
  vsix = packageExtension({ out: join(tmp, 'deploylens.vsix'), skipBuild: 'if-fresh' });
  entries = readVsix(vsix);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const names = (): string[] => [...entries.keys()];

test('no node_modules, no TypeScript sources, no tests, no source maps, no grammar sources', () => {
  const banned = [/(^|\/)node_modules\//, /\.ts$/, /\.map$/, /^extension\/(test|client|server|shared|scripts|examples|bench|docs|out)\//, /\.tmLanguage\.yaml$/, /\.vsix$/, /^extension\/\.vscode-test\//];
  for (const name of names()) for (const re of banned) assert.doesNotMatch(name, re, name);
});

test('the bundles, the wasm files and the documents are in', () => {
  for (const name of ['dist/extension.js', 'dist/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'icon.png', 'LICENSE.txt', 'readme.md', 'changelog.md', 'package.json']) {
    assert.ok(entries.has(`extension/${name}`), `extension/${name} in ${names().join(', ')}`);
  }
});

test('every file the manifest points to is in the package', () => {
  const referenced: string[] = [manifest.main, manifest.icon];
  for (const g of manifest.contributes.grammars ?? []) referenced.push(g.path);
  for (const s of manifest.contributes.snippets ?? []) referenced.push(s.path);
  for (const l of manifest.contributes.languages ?? []) if (l.configuration) referenced.push(l.configuration);
  for (const path of referenced) assert.ok(entries.has(`extension/${path.replace(/^\.\//, '')}`), `${path} is referenced by package.json but not packaged`);
});

test('the packaged bundles are the built ones and the manifest identifies the extension', () => {
  assert.deepEqual(entries.get('extension/dist/server.js'), readFileSync(new URL('dist/server.js', root)));
  const vsixManifest = entries.get('extension.vsixmanifest')!.toString('utf8');
  assert.match(vsixManifest, new RegExp(`<Identity Language="en-US" Id="${manifest.name}" Version="${manifest.version.replace(/\./g, '\\.')}" Publisher="${manifest.publisher}"`));
  assert.match(vsixManifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.100\.0"/);
});

test('the package stays small', () => {
  assert.ok(statSync(vsix).size < 5 * 1024 * 1024, `${statSync(vsix).size} bytes`);
});
