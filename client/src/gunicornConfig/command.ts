/**
 * "DeployLens: Show Effective gunicorn Configuration" (`deploylens.showEffectiveGunicornConfig`):
 * asks the server for every gunicorn instance's effective settings and shows them in a read-only
 * virtual document (`deploylens-gunicorn:` scheme, a TextDocumentContentProvider), where each
 * `file:line` that set a value is a link to that line. Running the command again refreshes it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EffectiveGunicornConfigRequest, type EffectiveGunicornConfigResult } from '../../../shared/src/protocol';
import { whenRunning } from '../scaffold/command';
import { renderEffectiveConfig, type Rendered } from './render';

/** The scheme of the virtual document. */
export const SCHEME = 'deploylens-gunicorn';
/** The one document it shows (the tab reads "gunicorn --print-config"). */
export const DOCUMENT_URI = vscode.Uri.from({ scheme: SCHEME, path: '/gunicorn --print-config' });

/** Registers the provider, its links and the command. */
export function registerGunicornConfig(context: vscode.ExtensionContext, lc: LanguageClient): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let current: Rendered = { text: '# Run "DeployLens: Show Effective gunicorn Configuration" to compute it.\n', links: [] };
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: () => current.text };
  const links: vscode.DocumentLinkProvider = {
    provideDocumentLinks: (doc) =>
      doc.uri.toString() === DOCUMENT_URI.toString()
        ? current.links.map((l) => {
            const target = vscode.Uri.joinPath(vscode.Uri.parse(l.folderUri), l.file).with({ fragment: `L${l.fileLine}` });
            const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, l.end), target);
            link.tooltip = `Open ${l.file} at line ${l.fileLine}`;
            return link;
          })
        : [],
  };
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.languages.registerDocumentLinkProvider({ scheme: SCHEME }, links),
    vscode.commands.registerCommand('deploylens.showEffectiveGunicornConfig', async (): Promise<vscode.TextDocument | undefined> => {
      if (!vscode.workspace.workspaceFolders?.length) {
        void vscode.window.showInformationMessage('DeployLens: open a folder with a gunicorn unit, Procfile or gunicorn.conf.py to see its configuration.');
        return undefined;
      }
      let result: EffectiveGunicornConfigResult;
      try {
        await whenRunning(lc);
        result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'DeployLens: reading gunicorn settings' }, () => lc.sendRequest(EffectiveGunicornConfigRequest, {}));
      } catch (e) {
        void vscode.window.showErrorMessage(`DeployLens could not compute the gunicorn configuration: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
      const several = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      current = renderEffectiveConfig(result.instances, several ? (u) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(u))?.name : undefined);
      changed.fire(DOCUMENT_URI);
      const doc = await vscode.workspace.openTextDocument(DOCUMENT_URI);
      // An open document is refreshed asynchronously after the change event: wait for the new text.
      if (doc.getText() !== current.text) await refreshed(doc, current.text);
      // `name = value` lines with `#` comments read best as ini.
      const shown = doc.languageId === 'ini' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'ini').then((d) => d, () => doc);
      await vscode.window.showTextDocument(shown, { preview: true });
      return shown;
    }),
  );
}

/** Resolves when `doc` shows `text` (or after 5 s: the old text stays visible, the command still returns). */
function refreshed(doc: vscode.TextDocument, text: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, 5000);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.getText() === text) done();
    });
  });
}
