import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deployLens, NGINX_SITE, replaceInDocument, waitForDiagnostics, workspaceFile } from './helpers';

const fromNginx = (d: vscode.Diagnostic): boolean => d.source === 'nginx -t';

suite('Run nginx -t on This File', () => {
  test('the real nginx judges the unsaved text; its verdict shows on the line and goes when the text changes', async () => {
    await deployLens();
    const uri = workspaceFile(NGINX_SITE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(await vscode.commands.executeCommand('deploylens.runNginxTest'), true, 'the example site passes nginx -t');

    const typo = await replaceInDocument(doc, 'alias /home', 'allias /home');
    assert.equal(await vscode.commands.executeCommand('deploylens.runNginxTest'), false);
    const ds = (await waitForDiagnostics(uri, (list) => list.some(fromNginx), 'the nginx -t diagnostic')).filter(fromNginx);
    assert.deepEqual(ds.map((d) => [d.message, d.range.start.line, d.severity]), [['unknown directive "allias"', typo.start.line, vscode.DiagnosticSeverity.Error]]);

    await replaceInDocument(doc, 'allias /home', 'alias /home');
    await waitForDiagnostics(uri, (list) => !list.some(fromNginx), 'the nginx -t diagnostic to go after the edit');
    await doc.save();
  });
});
