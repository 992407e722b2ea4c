/**
 * A broken edge's quick fix, applied the way the light bulb would: VS Code's code action providers
 * (DeployLens's server among them) are asked for the actions at the edge's source range, and the one
 * whose title the user picked in the preview is applied (its edit, then its command).
 */
import * as vscode from 'vscode';
import type { GraphSource } from '../../../shared/src/graph';

/** Applies the quick fix titled `title` at `source`; false when no provider offers it there. */
export async function applyQuickFix(source: GraphSource, title: string): Promise<boolean> {
  const uri = vscode.Uri.file(source.file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(doc.positionAt(source.start), doc.positionAt(Math.max(source.start, source.end)));
  const actions = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  const action = actions.find((a) => a.title === title);
  if (!action) return false;
  // A provider may answer a bare Command (its `command` is the id string) instead of a CodeAction.
  if (typeof action.command === 'string') {
    const cmd = action as vscode.Command;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    return true;
  }
  const ca = action as vscode.CodeAction;
  if (ca.edit && !(await vscode.workspace.applyEdit(ca.edit))) return false;
  if (ca.command) await vscode.commands.executeCommand(ca.command.command, ...(ca.command.arguments ?? []));
  return true;
}
