/**
 * The language server process entry: creates the connection (stdio or node IPC, from argv) and
 * starts the server over the real file system. `deploylens lsp --stdio` and the VS Code client both land here.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { NodeHost } from '../node/nodeHost';
import { startServer } from './server';

/** Starts the server on this process's stdio or IPC channel. */
export async function startProcessServer(): Promise<void> {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, new NodeHost());
  connection.listen();
}

if (require.main === module) void startProcessServer();
