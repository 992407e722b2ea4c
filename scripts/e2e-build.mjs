#!/usr/bin/env node
// Bundles the extension-host test suite (test/e2e/suite/*.ts) into out/e2e/suite/, one file per
// entry so mocha can load each test file after it has set up its globals (suite/test). `vscode` is
// provided by the extension host and `mocha` is resolved from the project's node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const suiteDir = join(root, 'test', 'e2e', 'suite');
/** Where the bundled suite goes; `extensionTestsPath` is `<outDir>/index.js`. */
export const outDir = join(root, 'out', 'e2e', 'suite');

/** Builds the suite; returns the path of its entry (index.js). */
export async function buildSuite() {
  const entryPoints = readdirSync(suiteDir)
    .filter((n) => n === 'index.ts' || n.endsWith('.e2e.ts'))
    .map((n) => join(suiteDir, n));
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    absWorkingDir: root,
  });
  return join(outDir, 'index.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildSuite());
}
