#!/usr/bin/env node
// Bundles the extension, the language server, the CLI and the webview with esbuild into dist/,
// and copies the wasm files the Python parser needs. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

/** Leaves the import of `from` out of the bundle, as a require of `to` (a bundle beside it). */
function externalAs(from, to) {
  return {
    name: `external ${from}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, () => ({ path: to, external: true }));
    },
  };
}

const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], ...node },
  { entryPoints: ['server/src/lsp/entry.ts'], outfile: 'dist/server.js', ...node },
  // The CLI: whitespace and syntax minified (names kept for stack traces), so that starting
  // `deploylens check` compiles less. The language server (`deploylens lsp`, two fifths of the code
  // with its protocol libraries) is a bundle of its own, required only by that command.
  {
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    ...node,
    minifyWhitespace: true,
    minifySyntax: true,
    supported: { 'dynamic-import': false },
    plugins: [externalAs('./cli/lsp', './cli-lsp.js')],
  },
  { entryPoints: ['server/src/cli/lsp.ts'], outfile: 'dist/cli-lsp.js', ...node, minifyWhitespace: true, minifySyntax: true },
  {
    entryPoints: ['client/src/webview/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    // The layout library carries non-ASCII text: keep it as UTF-8 rather than escapes, and minify.
    minify: true,
    charset: 'utf8',
    sourcemap: true,
    logLevel: 'warning',
  },
].filter((b) => existsSync(join(root, b.entryPoints[0])));

const watch = process.argv.includes('--watch');
for (const b of builds) {
  if (watch) await (await esbuild.context({ ...b, absWorkingDir: root })).watch();
  else await esbuild.build({ ...b, absWorkingDir: root });
}
for (const [from, to] of [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
  ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
]) {
  if (existsSync(join(root, from))) copyFileSync(join(root, from), join(root, to));
}
if (existsSync(join(dist, 'cli.js'))) chmodSync(join(dist, 'cli.js'), 0o755);
if (!watch) console.log(`built ${builds.map((b) => b.outfile).join(', ')}`);
