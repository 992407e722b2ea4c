/**
 * The DeployLens extension: starts the language server, shows the detected deployment in the status
 * bar, and registers the commands. All analysis happens in the server; this file only wires the
 * editor to it.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../../shared/src/protocol';
import { checkWorkspace, countDiagnostics } from './checkWorkspace';
import { createLanguageClient } from './languageClient';
import { registerGunicornConfig } from './gunicornConfig/command';
import { registerNginxTest } from './nginxTest/command';
import { registerTopologyPreview } from './preview/panel';
import { registerScaffold } from './scaffold/command';
import { statusView, type StatusInput, type StatusView } from './statusModel';

/** What `activate` returns: used by the editor tests to wait for the server and read the status. */
export interface DeployLensApi {
  /** Resolves when the language server has started (rejects if it could not). */
  ready: Promise<void>;
  /** The status-bar content as currently shown. */
  status(): StatusView;
  /** Resolves when the server is running (at once if it is); after a restart, when it is back. */
  whenRunning(): Promise<void>;
  /** The server's process id while it runs (the crash-restart test kills it). */
  serverPid(): number | undefined;
}

let client: LanguageClient | undefined;

/** Entry point, called by VS Code on the activation events of package.json. */
export function activate(context: vscode.ExtensionContext): DeployLensApi {
  const output = vscode.window.createOutputChannel('DeployLens', { log: true });
  const crashHistory = { times: [] as number[] };
  const lc = createLanguageClient(context, output, crashHistory);
  client = lc;

  const item = vscode.window.createStatusBarItem('deploylens.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'DeployLens';
  const input: StatusInput = { status: undefined, errors: 0, warnings: 0, server: 'starting', trusted: vscode.workspace.isTrusted };
  let view = statusView(input);
  const render = (): void => {
    Object.assign(input, countDiagnostics(lc), { trusted: vscode.workspace.isTrusted });
    view = statusView(input);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    item.command = input.server === 'stopped' ? 'deploylens.restartServer' : 'deploylens.showOutput';
  };
  render();
  item.show();

  context.subscriptions.push(
    output,
    item,
    lc.onNotification(StatusNotification, (params: StatusParams) => {
      input.status = params;
      render();
    }),
    lc.onDidChangeState((e) => {
      input.server = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
      render();
    }),
    vscode.languages.onDidChangeDiagnostics(render),
    // Trust changes what the server may do (run nginx -t, import the app): restart it with the new value.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(lc, crashHistory, output)),
    vscode.commands.registerCommand('deploylens.checkWorkspace', () => runCheckWorkspace(lc, output)),
    vscode.commands.registerCommand('deploylens.restartServer', () => restart(lc, crashHistory, output)),
    vscode.commands.registerCommand('deploylens.showOutput', () => output.show(true)),
  );

  registerNginxTest(context, output);
  registerScaffold(context, lc, output);
  registerGunicornConfig(context, lc);
  registerTopologyPreview(context, lc);

  const ready = lc.start().catch((e: unknown) => {
    const message = `DeployLens could not start its language server: ${e instanceof Error ? e.message : String(e)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((pick) => pick && output.show(true));
    throw e;
  });
  // The API's promise is awaited by tests; an unobserved rejection would be reported twice.
  ready.catch(() => undefined);
  const whenRunning = (): Promise<void> =>
    lc.state === State.Running
      ? Promise.resolve()
      : new Promise((resolve) => {
          const sub = lc.onDidChangeState((e) => {
            if (e.newState === State.Running) {
              sub.dispose();
              resolve();
            }
          });
        });
  return { ready, status: () => view, whenRunning, serverPid: () => lc.serverProcess?.pid };
}

async function restart(lc: LanguageClient, crashHistory: { times: number[] }, output: vscode.LogOutputChannel): Promise<void> {
  crashHistory.times = [];
  output.info('restarting the language server');
  if (lc.state === State.Stopped) await lc.start();
  else await lc.restart();
}

async function runCheckWorkspace(lc: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('DeployLens: open a folder with deployment files to check it.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'DeployLens: checking the workspace' },
    () => checkWorkspace(lc),
  );
  const summary = `DeployLens checked ${result.files} file${result.files === 1 ? '' : 's'}: ${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}.`;
  output.info(summary);
  if (result.errors + result.warnings + result.others > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(summary);
}

/** Stops the language server when the extension is deactivated (window closed, extension disabled). */
export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
