import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deployLens, isAlliasDiagnostic, NGINX_SITE, pollUntil, replaceInDocument, waitForDiagnostics, workspaceFile } from './helpers';

/** Breaks the site, waits for the report, repairs it: proves the server (re)started and answers. */
async function serverAnswers(): Promise<void> {
  const uri = workspaceFile(NGINX_SITE);
  const doc = await vscode.workspace.openTextDocument(uri);
  await replaceInDocument(doc, 'alias /home', 'allias /home');
  await waitForDiagnostics(uri, (ds) => ds.some(isAlliasDiagnostic), 'diagnostics from the restarted server');
  await replaceInDocument(doc, 'allias /home', 'alias /home');
  await waitForDiagnostics(uri, (ds) => !ds.some(isAlliasDiagnostic), 'the diagnostic to clear');
  await doc.save();
}

suite('server lifecycle', () => {
  test('"Restart Language Server" starts a new server process that answers', async () => {
    const api = await deployLens();
    const before = api.serverPid();
    await vscode.commands.executeCommand('deploylens.restartServer');
    await api.whenRunning();
    assert.notEqual(api.serverPid(), before, 'a new process');
    await serverAnswers();
  });

  test('a crashed server is restarted by itself', async () => {
    const api = await deployLens();
    const before = api.serverPid();
    assert.ok(before);
    process.kill(before, 'SIGKILL');
    // The client notices the closed IPC channel and restarts; no event says "new process", so poll its pid.
    await pollUntil(() => api.serverPid() !== undefined && api.serverPid() !== before, 20_000, 'a new server process');
    await api.whenRunning();
    assert.doesNotMatch(api.status().text, /circle-slash/, 'the status bar does not say stopped');
    await serverAnswers();
  });
});
