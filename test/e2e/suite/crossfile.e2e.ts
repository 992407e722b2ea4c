import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deployLens, NGINX_SITE, pollUntil, replaceInDocument, waitForDiagnostics, workspaceFile } from './helpers';

const UNIT = 'deploy/systemd/myproject.service';
const isUnbound = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code) === 'proxy-target-not-bound';

suite('editing across files, completion, hover and the preview in the editor', () => {
  test("editing the unit's bind changes the nginx file's diagnostics, and back", async () => {
    await deployLens();
    const site = workspaceFile(NGINX_SITE);
    const unitDoc = await vscode.workspace.openTextDocument(workspaceFile(UNIT));
    await vscode.window.showTextDocument(unitDoc);
    const original = unitDoc.getText();

    await replaceInDocument(unitDoc, 'unix:/run/myproject/gunicorn.sock', 'unix:/run/myproject/other.sock');
    const broken = await waitForDiagnostics(site, (ds) => ds.some(isUnbound), 'the nginx file to report the socket nobody binds (from the unsaved unit)');
    const d = broken.find(isUnbound)!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /other\.sock/, 'the message names what gunicorn binds now');

    await replaceInDocument(unitDoc, 'unix:/run/myproject/other.sock', 'unix:/run/myproject/gunicorn.sock');
    await waitForDiagnostics(site, (ds) => !ds.some(isUnbound), 'the nginx error to clear when the bind is restored');
    assert.equal(unitDoc.getText(), original);
    await unitDoc.save();
  });

  test('completion and hover in an nginx file come from DeployLens', async () => {
    await deployLens();
    const uri = workspaceFile(NGINX_SITE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = doc.positionAt(text.indexOf('client_max_body_size'));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at.translate(0, 3));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /client_max_body_size/, `a hover for the directive, got ${JSON.stringify(hoverText.slice(0, 200))}`);
    assert.match(hoverText, /nginx\.org/, 'with a link to the nginx documentation');

    // Inside the `location /` block, at the start of an empty line: directives valid in a location.
    const inLocation = doc.positionAt(text.indexOf('include proxy_params;'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, inLocation);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['proxy_pass', 'proxy_set_header', 'alias']) assert.ok(labels.includes(name), `${name} among ${labels.length} completions`);
    assert.ok(!labels.includes('worker_processes'), 'a main-context directive is not offered inside a location');
  });

  test('the topology preview opens as a webview panel', async () => {
    await deployLens();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(NGINX_SITE)));
    await vscode.commands.executeCommand('deploylens.openTopologyPreview');
    const isPreview = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('deploylens.topology'));
    await pollUntil(isPreview, 30_000, 'a DeployLens Topology tab');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
