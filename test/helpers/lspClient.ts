import { spawn, type ChildProcess } from 'node:child_process';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { cliPath } from './cli';

/** A real `deploylens lsp --stdio` process and a protocol connection to it. */
export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept` (rejects after `ms`). */
  nextDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, ms?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

/** Starts the bundled server over stdio and performs the initialize handshake. */
export async function startLsp(rootUri: string | null = null): Promise<LspSession> {
  const child = spawn(process.execPath, [cliPath, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    nextDiagnostics(uri, accept = () => true, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const w = { uri, accept, resolve: (p: PublishDiagnosticsParams) => (clearTimeout(t), resolve(p)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no diagnostics for ${uri} within ${ms} ms`));
        }, ms);
        waiters.push(w);
      });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}
