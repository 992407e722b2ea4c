/**
 * The language server process: creates the connection (stdio or node IPC, from argv) and starts the
 * server over the real file system, with the Python parser loaded from the wasm files next to the
 * bundle and rule pages from the extension's docs/rules. `deploylens lsp --stdio` (cli/lsp.ts) and
 * the VS Code client's dist/server.js (lsp/entry.ts) both call it, once per process: this module
 * starts nothing on import (inside the CLI bundle, a `require.main === module` guard here was true
 * as well, and a second server read the same stdin and answered every message twice).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { NodeHost } from '../node/nodeHost';
import { loadPythonParser } from '../node/python';
import { startServer } from './server';
import { findRuleDocs, ruleDocLinks } from './ruleDocs';

/** Starts the server on this process's stdio or IPC channel. */
export async function startProcessServer(): Promise<void> {
  const connection = createConnection(ProposedFeatures.all);
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  startServer(connection, new NodeHost(), {
    loadPython: () => loadPythonParser(),
    ruleDocs: ruleDocLinks(findRuleDocs(here)),
    testHooks: process.env.DEPLOYLENS_TEST_HOOKS === '1',
  });
  connection.listen();
}
