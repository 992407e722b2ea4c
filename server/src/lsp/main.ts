/**
 * The language server process entry: creates the connection (stdio or node IPC, from argv) and
 * starts the server over the real file system, with the Python parser loaded from the wasm files
 * next to the bundle and rule pages from the extension's docs/rules. `deploylens lsp --stdio` and
 * the VS Code client both land here.
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

if (require.main === module) void startProcessServer();
