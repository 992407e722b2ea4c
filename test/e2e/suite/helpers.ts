/** Helpers shared by the extension-host tests: reach the extension, wait on editor events. */
import * as vscode from 'vscode';
import type { DeployLensApi } from '../../../client/src/extension';

/** The extension's id: publisher.name of package.json. */
export const EXTENSION_ID = 'deploylens.deploylens';

/** The nginx site of the example workspace (examples/pybo, copied to a temp folder by the harness). */
export const NGINX_SITE = 'deploy/nginx/sites-available/myproject';

/** The first workspace folder (the harness opens exactly one). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor tests need a workspace folder');
  return folder.uri;
}

/** A file of the workspace by relative path. */
export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relative);
}

/** Resolves when `condition()` holds; checks at once and then on every event of `event`. */
export function waitForEvent<T>(event: vscode.Event<T>, condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
    }, timeoutMs);
    const sub = event(() => {
      if (!condition()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Resolves with the diagnostics of `uri` once `predicate` accepts them (diagnostics events only, no sleeps). */
export async function waitForDiagnostics(uri: vscode.Uri, predicate: (ds: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  const current = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri);
  await waitForEvent(vscode.languages.onDidChangeDiagnostics, () => predicate(current()), timeoutMs, () => `${what} in ${uri.path}; now: ${JSON.stringify(current().map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`))}`);
  return current();
}

/**
 * Resolves when `condition()` holds, checking at most every `stepMs` until `timeoutMs`. Only for
 * states the editor API has no event for (an extension becoming active, a process id changing).
 */
export async function pollUntil(condition: () => boolean, timeoutMs: number, what: string, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The extension's API once it is active and its server has started. */
export async function deployLens(): Promise<DeployLensApi> {
  const ext = vscode.extensions.getExtension<DeployLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  await api.ready;
  await api.whenRunning();
  return api;
}

/** Replaces the first occurrence of `from` in the document with `to` through a WorkspaceEdit. */
export async function replaceInDocument(doc: vscode.TextDocument, from: string, to: string): Promise<vscode.Range> {
  const offset = doc.getText().indexOf(from);
  if (offset < 0) throw new Error(`${JSON.stringify(from)} not found in ${doc.uri.path}`);
  const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + from.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the workspace edit was not applied');
  return new vscode.Range(range.start, doc.positionAt(offset + to.length));
}

/** Diagnostics that name the `allias` typo (nginx says: unknown directive "allias"). */
export function isAlliasDiagnostic(d: vscode.Diagnostic): boolean {
  return /allias/.test(d.message) && /unknown directive/i.test(d.message);
}
