/**
 * The extension-host test entry, in @vscode/test-electron's contract: VS Code (or code-server) loads
 * this file as `extensionTestsPath` and awaits `run()`. It runs mocha over the suite's test files,
 * which scripts/e2e-build.mjs bundles next to it (out/e2e/suite/*.e2e.js). They are named
 * `*.e2e.ts`, not `*.test.ts`: `npm test` runs every `.test.ts` file under test/ with node's
 * runner, where `vscode` does not exist.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** Runs every `*.e2e.js` beside this file; rejects when a test fails. */
export function run(): Promise<void> {
  // Colors would arrive as escape codes in codeAutomationLog; a grep narrows the run (E2E_GREP).
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, grep: process.env.E2E_GREP });
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.e2e.js')) mocha.addFile(join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} editor test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
