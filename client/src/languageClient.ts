/**
 * Creates the LanguageClient for dist/server.js: a Node process spoken to over IPC, fed the
 * deployment documents (selectors.ts), the `deploylens.*` settings and file-change events, told
 * whether the workspace is trusted, and restarted with a visible message when it crashes.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type DocumentSelector, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../shared/src/protocol';
import { SERVER_NODE_FLAGS } from '../../shared/src/serverProcess';
import { onServerCrash } from './restartPolicy';
import { DOCUMENT_SELECTOR, WATCHED_FILES_GLOB } from './selectors';

/** The client id: also the prefix of its `deploylens.trace.server` setting. */
export const CLIENT_ID = 'deploylens';

/** Builds the client (not started). `crashHistory` is shared so an explicit restart can reset it. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, crashHistory: { times: number[] }): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    // Each entry has a language or a scheme + pattern (selectors.ts), which is what LSP's filter union needs.
    documentSelector: DOCUMENT_SELECTOR.map((f) => ({ ...f })) as DocumentSelector,
    diagnosticCollectionName: 'deploylens',
    outputChannel: output,
    synchronize: { configurationSection: 'deploylens', fileEvents: watcher },
    // A function, so a restart after the user grants trust sends the new value.
    initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
    errorHandler: crashHandler(output, crashHistory),
    // The fallback of "Check Workspace" opens files without showing them: they must still be sent.
    textSynchronization: { delayOpenNotifications: false },
  };
  return new LanguageClient(CLIENT_ID, 'DeployLens', serverOptions, clientOptions);
}

/** Keeps the connection on read/write errors; restarts a closed server unless it keeps crashing. */
function crashHandler(output: vscode.LogOutputChannel, crashHistory: { times: number[] }): ErrorHandler {
  return {
    error: (error, _message, count) => {
      output.error(`connection error (${count ?? 1}): ${error.message}`);
      return { action: ErrorAction.Continue, handled: true };
    },
    closed: () => {
      const decision = onServerCrash(crashHistory.times, Date.now());
      crashHistory.times = decision.history;
      output.error(decision.message);
      if (decision.restart) {
        void vscode.window.showWarningMessage(decision.message, 'Show Output').then((pick) => pick && output.show(true));
      } else {
        void vscode.window.showErrorMessage(decision.message, 'Restart', 'Show Output').then((pick) => {
          if (pick === 'Restart') void vscode.commands.executeCommand('deploylens.restartServer');
          if (pick === 'Show Output') output.show(true);
        });
      }
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}
