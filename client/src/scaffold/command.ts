/**
 * "DeployLens: Create Deployment Files for This App" (`deploylens.scaffold`): the server detects the
 * app of a folder and suggests answers; the user is asked only what cannot be inferred (domain,
 * server path, socket or port, HTTPS); the server renders and checks the files; the client writes
 * them through `vscode.workspace.fs`, asking (modal, per file) before replacing one, and opens them.
 *
 * `executeCommand('deploylens.scaffold', folderUri, { answers, onExisting, open })` skips the
 * questions that `answers` settles and the overwrite dialogs (tests, other extensions).
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ScaffoldRequest, type ScaffoldAnswers, type ScaffoldFileInfo, type ScaffoldResult } from '../../../shared/src/protocol';
import { bindChoices, completeAnswers, domainPrompt, httpsChoices, inputProblem, openOrder, parseOptions, serverPathPrompt, summary, type Choice, type ScaffoldOptions, type ScaffoldOutcome } from './plan';

/** Registers the command. */
export function registerScaffold(context: vscode.ExtensionContext, lc: LanguageClient, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('deploylens.scaffold', async (folder?: unknown, options?: unknown): Promise<ScaffoldOutcome> => {
      try {
        return await runScaffold(lc, output, folder instanceof vscode.Uri ? folder : undefined, parseOptions(options));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        output.error(`scaffold: ${message}`);
        void vscode.window.showErrorMessage(`DeployLens could not create the deployment files: ${message}`);
        return { target: null, written: [], skipped: [], findings: [], stopped: message };
      }
    }),
  );
}

/** Resolves once the language server runs (at once when it does); rejects after `ms` (a stopped server). */
export function whenRunning(lc: LanguageClient, ms = 30_000): Promise<void> {
  if (lc.state === State.Running) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('the DeployLens language server is not running (DeployLens: Restart Language Server starts it)'));
    }, ms);
    const sub = lc.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

async function pickFolder(given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (given) {
    const stat = await vscode.workspace.fs.stat(given).then(
      (s) => s,
      () => undefined,
    );
    // From a file's context menu: the folder it is in.
    return stat?.type === vscode.FileType.File ? vscode.Uri.joinPath(given, '..') : given;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder of the app to deploy' }))?.uri;
}

async function pick<T>(title: string, choices: Array<Choice<T>>): Promise<T | undefined> {
  const item = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value })),
    { title, ignoreFocusOut: true },
  );
  return item?.value;
}

/** Asks the open questions; undefined when the user cancels one. */
async function ask(result: ScaffoldResult, given: Partial<ScaffoldAnswers>): Promise<ScaffoldAnswers | undefined> {
  const a: Partial<ScaffoldAnswers> = { ...given };
  const title = `DeployLens: deploy ${result.app!.target}`;
  if (a.domain === undefined) {
    a.domain = await vscode.window.showInputBox({ title, prompt: domainPrompt(result), value: result.suggestions?.domain ?? '', placeHolder: 'example.com www.example.com', ignoreFocusOut: true, validateInput: (v) => inputProblem('domain', v) });
    if (a.domain === undefined) return undefined;
  }
  if (a.serverPath === undefined) {
    a.serverPath = await vscode.window.showInputBox({ title, prompt: serverPathPrompt(result), value: result.suggestions?.serverPath ?? '', ignoreFocusOut: true, validateInput: (v) => inputProblem('serverPath', v) });
    if (a.serverPath === undefined) return undefined;
  }
  if (a.bind === undefined) {
    a.bind = await pick(`${title}: how nginx reaches gunicorn`, bindChoices());
    if (a.bind === undefined) return undefined;
  }
  if (a.https === undefined) {
    a.https = await pick(`${title}: HTTPS`, httpsChoices(a.domain));
    if (a.https === undefined) return undefined;
  }
  return completeAnswers(a, result);
}

/** Whether to replace an existing file: the caller's decision, else a modal question. */
async function mayOverwrite(file: ScaffoldFileInfo, options: ScaffoldOptions): Promise<boolean> {
  if (options.onExisting) return options.onExisting === 'overwrite';
  const name = vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri));
  const pick = await vscode.window.showWarningMessage(`${name} already exists.`, { modal: true, detail: 'DeployLens would replace it with the generated file. Your version is lost unless it is committed.' }, 'Overwrite', 'Skip');
  return pick === 'Overwrite';
}

async function runScaffold(lc: LanguageClient, output: vscode.LogOutputChannel, given: vscode.Uri | undefined, options: ScaffoldOptions): Promise<ScaffoldOutcome> {
  const stop = (why: string, target: string | null = null): ScaffoldOutcome => ({ target, written: [], skipped: [], findings: [], stopped: why });
  const folder = await pickFolder(given);
  if (!folder) {
    void vscode.window.showInformationMessage('DeployLens: open the folder of a Flask or Django app to create its deployment files.');
    return stop('no folder');
  }
  if (folder.scheme !== 'file') return stop('not a folder on disk');
  await whenRunning(lc);
  const detected = await lc.sendRequest(ScaffoldRequest, { folderUri: folder.toString() });
  for (const n of detected.notes) output.info(`scaffold: ${n}`);
  if (!detected.app) {
    const why = detected.notes[0] ?? 'no Flask app or Django project found';
    void vscode.window.showErrorMessage(`DeployLens found no app to deploy in ${vscode.workspace.asRelativePath(folder, true)}: ${why}.`, 'Show Output').then((p) => p && output.show(true));
    return stop(why);
  }
  output.info(`scaffold: ${detected.app.description}: gunicorn target ${detected.app.target}${detected.app.alternatives.length ? ` (also found: ${detected.app.alternatives.join(', ')})` : ''}`);
  const answers = await ask(detected, options.answers ?? {});
  if (!answers) return stop('cancelled', detected.app.target);

  const plan = await lc.sendRequest(ScaffoldRequest, { folderUri: folder.toString(), answers });
  if (plan.problems.length) {
    void vscode.window.showErrorMessage(`DeployLens cannot create the files: ${plan.problems.join('; ')}`);
    return stop(plan.problems.join('; '), detected.app.target);
  }
  const written: string[] = [];
  const skipped: string[] = [];
  for (const f of plan.files) {
    const uri = vscode.Uri.parse(f.uri);
    // Asked again here: the file may have appeared since the server looked.
    const exists = f.exists || (await vscode.workspace.fs.stat(uri).then(() => true, () => false));
    if (exists && !(await mayOverwrite(f, options))) {
      skipped.push(f.uri);
      continue;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(f.text));
    written.push(f.uri);
    output.info(`scaffold: wrote ${vscode.workspace.asRelativePath(uri)}`);
  }
  if (options.open !== false) {
    for (const f of openOrder(plan.files.filter((x) => written.includes(x.uri)))) {
      await vscode.window.showTextDocument(vscode.Uri.parse(f.uri), { preview: false });
    }
  }
  for (const f of plan.findings) output.warn(`scaffold: ${vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri))}:${f.line}: ${f.severity} ${f.code}: ${f.message}`);
  const message = summary(detected.app.target, written.length, skipped.length, plan.findings);
  if (plan.findings.length) void vscode.window.showWarningMessage(message, 'Show Output').then((p) => p && output.show(true));
  else void vscode.window.showInformationMessage(message);
  return { target: detected.app.target, written, skipped, findings: plan.findings };
}
