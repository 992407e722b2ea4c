import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deployLens, isAlliasDiagnostic, NGINX_SITE, replaceInDocument, waitForDiagnostics, waitForEvent, workspaceFile } from './helpers';

suite('diagnostics from the language server', () => {
  test('a misspelled directive is reported while typing and the report clears when it is fixed', async () => {
    const api = await deployLens();
    const uri = workspaceFile(NGINX_SITE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();

    const typo = await replaceInDocument(doc, 'alias /home', 'allias /home');
    const found = await waitForDiagnostics(uri, (ds) => ds.some(isAlliasDiagnostic), 'an unknown-directive diagnostic for "allias"');
    const d = found.find(isAlliasDiagnostic)!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, typo.start.line, 'reported on the line of the typo');
    await waitForEvent(vscode.languages.onDidChangeDiagnostics, () => api.status().background === 'statusBarItem.errorBackground', 5_000, () => `a red status bar, now ${JSON.stringify(api.status())}`);

    await replaceInDocument(doc, 'allias /home', 'alias /home');
    await waitForDiagnostics(uri, (ds) => !ds.some(isAlliasDiagnostic), 'the "allias" diagnostic to clear');
    assert.equal(doc.getText(), original);
    await doc.save();
  });

  test('the quick fix of the server repairs the typo and the diagnostic clears', async () => {
    await deployLens();
    const uri = workspaceFile(NGINX_SITE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const typo = await replaceInDocument(doc, 'alias /home', 'allias /home');
    const diagnostic = (await waitForDiagnostics(uri, (ds) => ds.some(isAlliasDiagnostic), 'the "allias" diagnostic')).find(isAlliasDiagnostic)!;

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "alias"');
    assert.ok(fix, `a "Change to alias" fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.isPreferred, true, 'the only candidate is the preferred fix (applied by "Auto Fix")');
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    await waitForDiagnostics(uri, (ds) => !ds.some(isAlliasDiagnostic), 'the diagnostic to clear after the quick fix');
    assert.equal(doc.getText(), original);
    assert.equal(doc.lineAt(typo.start.line).text.trim(), 'alias /home/ubuntu/projects/myproject/pybo/static/;');
    await doc.save();
  });

  test('Check Workspace reports a broken file that no editor has open', async () => {
    await deployLens();
    const uri = workspaceFile('deploy/nginx/sites-available/broken-copy');
    const site = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(NGINX_SITE)));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(site.replace('alias /home', 'allias /home')));
    try {
      await vscode.commands.executeCommand('deploylens.checkWorkspace');
      await waitForDiagnostics(uri, (ds) => ds.some(isAlliasDiagnostic), 'the check to report "allias" in the unopened copy');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
