import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deployLens, EXTENSION_ID, pollUntil } from './helpers';

suite('activation', () => {
  test('the extension activates by itself in a workspace with an nginx site', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    // No activate() call: `workspaceContains:**/sites-available/*` must have done it.
    await pollUntil(() => ext.isActive, 30_000, 'the extension to activate from its activation events');
  });

  test('the language server starts and the status bar shows DeployLens', async () => {
    const api = await deployLens();
    assert.ok(api.serverPid(), 'the server runs as its own process');
    const status = api.status();
    assert.doesNotMatch(status.text, /circle-slash|sync~spin/, `status: ${status.text}`);
    assert.match(status.tooltip, /from DeployLens/);
  });

  test('the commands of the manifest are registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['deploylens.checkWorkspace', 'deploylens.restartServer', 'deploylens.showOutput']) assert.ok(all.has(id), id);
  });
});
