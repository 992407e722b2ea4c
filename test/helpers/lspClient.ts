import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
} from 'vscode-languageserver-protocol/node';
import { cliPath } from './cli';

/** A real `deploylens lsp --stdio` process and a protocol connection to it. */
export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** The `initialize` result (capabilities). */
  capabilities: Record<string, unknown>;
  /** Messages the server logged (window/logMessage), in order. */
  logs: string[];
  /** Every publishDiagnostics received, in order (register no other handler for it: one per method). */
  published: PublishDiagnosticsParams[];
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept` (rejects after `ms`). */
  nextDiagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, ms?: number): Promise<PublishDiagnosticsParams>;
  /** The latest diagnostics published for `uri` (undefined when none were). */
  latest(uri: string): PublishDiagnosticsParams | undefined;
  /** Replaces what the client answers to workspace/configuration (the `deploylens` section). */
  setSettings(settings: Record<string, unknown>): void;
  stop(): Promise<void>;
}

/** Options of `startLsp`. */
export interface StartOptions {
  /** Sent as `initializationOptions`. */
  initializationOptions?: Record<string, unknown>;
  /** When set, the client announces `workspace.configuration` and answers with these `deploylens.*` values. */
  settings?: Record<string, unknown>;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

/** Starts the bundled server over stdio and performs the initialize handshake. */
export async function startLsp(rootUri: string | null = null, options: StartOptions = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [cliPath, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  // The server's log goes to stderr: drain it, or a full pipe would block the server.
  child.stderr?.on('data', () => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  const logs: string[] = [];
  const published: PublishDiagnosticsParams[] = [];
  let settings = options.settings;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings ?? null));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const capabilities = options.settings ? { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } } : {};
  const init = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    capabilities,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
    initializationOptions: options.initializationOptions,
  })) as { capabilities: Record<string, unknown> };
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    capabilities: init.capabilities,
    logs,
    published,
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
    latest: (uri) => latest.get(uri),
    setSettings(s) {
      settings = s;
    },
    async stop() {
      // A server that already exited never answers `shutdown`: do not wait for it forever.
      const gone = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      try {
        await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), gone, timeout]);
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.race([gone, new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]);
      // Unread pipes would keep the test process alive after the server is gone.
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}
