/**
 * "DeployLens: Run nginx -t on This File": runs the real nginx on the active file (run.ts) and shows
 * what nginx says as diagnostics of their own ("nginx -t" source), next to DeployLens's. It executes
 * a program on workspace content, so it is refused in Restricted Mode (workspace trust).
 */
import * as vscode from 'vscode';
import { findNginx, runNginxTest } from './run';

/** Registers the command and its diagnostics collection. */
export function registerNginxTest(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const collection = vscode.languages.createDiagnosticCollection('nginx -t');
  context.subscriptions.push(
    collection,
    // nginx's verdict is about the text it read: drop it as soon as the text changes.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) collection.delete(e.document.uri);
    }),
    vscode.commands.registerCommand('deploylens.runNginxTest', (uri?: vscode.Uri) => runOnFile(collection, output, uri)),
  );
}

async function runOnFile(collection: vscode.DiagnosticCollection, output: vscode.LogOutputChannel, uri?: vscode.Uri): Promise<boolean | undefined> {
  if (!vscode.workspace.isTrusted) {
    const pick = await vscode.window.showWarningMessage('DeployLens runs nginx only in a trusted workspace: in Restricted Mode it only reads files.', 'Manage Workspace Trust');
    if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('DeployLens: open an nginx file saved on disk to run nginx -t on it.');
    return undefined;
  }
  const nginx = findNginx();
  if (!nginx) {
    void vscode.window.showErrorMessage('DeployLens: nginx is not installed on this machine (looked in /usr/sbin, /usr/local/sbin and PATH).');
    return undefined;
  }
  const result = await runNginxTest(nginx, doc.uri.fsPath, doc.getText(), doc.isDirty);
  if (result.refused) {
    void vscode.window.showWarningMessage(`DeployLens: ${result.refused}`);
    return undefined;
  }
  output.info(`$ ${result.command}\n${result.stderr.trim() || '(no output)'}`);
  collection.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const m of result.messages) {
    if (!m.file || m.line === undefined) continue;
    const line = Math.max(0, m.line - 1);
    const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), m.message, m.level === 'warn' || m.level === 'notice' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
    d.source = 'nginx -t';
    byFile.set(m.file, [...(byFile.get(m.file) ?? []), d]);
  }
  for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
  const first = result.messages.find((m) => m.level !== 'warn' && m.level !== 'notice') ?? result.messages[0];
  if (result.ok) void vscode.window.showInformationMessage(`nginx -t: the configuration of ${vscode.workspace.asRelativePath(doc.uri)} is ok.`);
  else void vscode.window.showErrorMessage(`nginx -t failed: ${first?.message ?? result.stderr.trim()}`, 'Show Output').then((p) => p && output.show(true));
  return result.ok;
}
