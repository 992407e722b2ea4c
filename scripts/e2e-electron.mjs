#!/usr/bin/env node
// Runs the extension-host suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron
// 2.5.x (3.x needs Node 22), for machines that can download VS Code from Microsoft. CI does not run
// this: its machines reach only npm and Debian, so `npm test` runs the same suite in code-server
// (test/e2e/code-server.test.ts). On Linux without a display, run it under `xvfb-run -a`.
//
//   node scripts/e2e-electron.mjs            # VS Code 1.100.3, the version engines.vscode targets
//   VSCODE_VERSION=stable node scripts/e2e-electron.mjs
//   E2E_GREP=diagnostics node scripts/e2e-electron.mjs   # only matching tests
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './e2e-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const extensionTestsPath = await buildSuite();

// The suite edits files and writes a broken copy: give it a throw-away copy of the example workspace.
const tmp = mkdtempSync(join(tmpdir(), 'deploylens-e2e-electron-'));
const workspace = join(tmp, 'pybo');
cpSync(join(root, 'examples', 'pybo'), workspace, { recursive: true });

let status = 0;
try {
  await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath,
    extensionTestsEnv: process.env.E2E_GREP ? { E2E_GREP: process.env.E2E_GREP } : undefined,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions')],
  });
} catch (e) {
  console.error(`editor tests failed: ${e instanceof Error ? e.message : e}`);
  status = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
