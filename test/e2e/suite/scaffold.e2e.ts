import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScaffoldOutcome } from '../../../client/src/scaffold/plan';
import { deployLens, pollUntil, replaceInDocument, waitForDiagnostics, workspaceFile } from './helpers';

/** A copy of the example's Flask app (pybo package + config.py) without any deployment file. */
const APP = 'scaffold-app';
const ANSWERS = { domain: 'scaffold.example.com', serverPath: '/srv/scaffold-app', bind: 'socket', https: false };
const FILES = ['deploy/nginx/scaffold-app', 'deploy/systemd/gunicorn.service', 'deploy/systemd/gunicorn.socket', 'gunicorn.conf.py'];

const fromDeployLens = (d: vscode.Diagnostic): boolean => d.source === 'deploylens';
/** A diagnostic's rule id (a code with a documentation link arrives as `{ value, target }`). */
const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

async function copyApp(name = APP): Promise<vscode.Uri> {
  const dest = workspaceFile(name);
  await vscode.workspace.fs.copy(workspaceFile('pybo'), vscode.Uri.joinPath(dest, 'pybo'), { overwrite: true });
  await vscode.workspace.fs.copy(workspaceFile('config.py'), vscode.Uri.joinPath(dest, 'config.py'), { overwrite: true });
  return dest;
}

suite('Create Deployment Files for This App', () => {
  suiteTeardown(async () => {
    // The other suites see the example as it was.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of [APP, `${APP}-asked`]) await vscode.workspace.fs.delete(workspaceFile(name), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('writes a set that passes DeployLens, opens it, and a second run asks before overwriting', async () => {
    await deployLens();
    const folder = await copyApp();
    const first = await vscode.commands.executeCommand<ScaffoldOutcome>('deploylens.scaffold', folder, { answers: ANSWERS, onExisting: 'skip' });
    assert.equal(first.target, 'pybo:create_app()');
    assert.deepEqual(first.written.map((u) => vscode.Uri.parse(u).path.slice(folder.path.length + 1)).sort(), [...FILES].sort());
    assert.deepEqual(first.findings, [], 'the server checked the set before it was written');
    const uris = FILES.map((f) => vscode.Uri.joinPath(folder, f));
    for (const uri of uris) await vscode.workspace.fs.stat(uri);
    // The files are open, the nginx site in front.
    assert.equal(vscode.window.activeTextEditor?.document.uri.path, uris[0].path);
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri.path : '')));
    for (const uri of uris) assert.ok(open.has(uri.path), `${uri.path} is open`);

    // DeployLens, analysing the whole workspace, finds no error in any of them...
    await vscode.commands.executeCommand('deploylens.checkWorkspace');
    for (const uri of uris) {
      const errors = vscode.languages.getDiagnostics(uri).filter((d) => fromDeployLens(d) && d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(errors.map((d) => `${codeOf(d)}: ${d.message}`), [], uri.path);
    }
    // ...and does analyse them: breaking the alias of the written site is reported on it.
    const site = await vscode.workspace.openTextDocument(uris[0]);
    await replaceInDocument(site, 'pybo/static/;', 'pybo/static;');
    await waitForDiagnostics(uris[0], (ds) => ds.some((d) => fromDeployLens(d) && codeOf(d) === 'static-alias-no-slash'), 'the missing alias slash to be reported in the written site');
    await replaceInDocument(site, 'pybo/static;', 'pybo/static/;');
    await waitForDiagnostics(uris[0], (ds) => !ds.some((d) => codeOf(d) === 'static-alias-no-slash'), 'the report to clear');
    await site.save();

    // A second run finds the files and, told to skip, leaves the user's edit alone.
    const conf = uris[3];
    const edited = `${new TextDecoder().decode(await vscode.workspace.fs.readFile(conf))}# tuned by hand\nworkers = 3\n`;
    await vscode.workspace.fs.writeFile(conf, new TextEncoder().encode(edited));
    const second = await vscode.commands.executeCommand<ScaffoldOutcome>('deploylens.scaffold', folder, { answers: ANSWERS, onExisting: 'skip', open: false });
    assert.deepEqual(second.written, []);
    assert.equal(second.skipped.length, FILES.length);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(conf)), edited);
  });

  test('asks what the caller left open with quick picks (the first choices: unix socket, HTTP only)', async () => {
    await deployLens();
    const folder = await copyApp(`${APP}-asked`);
    let settled = false;
    const run = Promise.resolve(
      vscode.commands.executeCommand<ScaffoldOutcome>('deploylens.scaffold', folder, { answers: { domain: 'asked.example.com', serverPath: '/srv/asked' }, onExisting: 'skip', open: false }),
    ).finally(() => (settled = true));
    // No event tells when a quick pick shows: accept whatever is open until the command is done.
    await pollUntil(() => {
      if (!settled) void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 30_000, 'the scaffold command to finish after its two quick picks', 200);
    const outcome = await run;
    assert.equal(outcome.written.length, 4, JSON.stringify(outcome));
    const site = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'deploy/nginx/scaffold-app-asked')));
    assert.match(site, /proxy_pass http:\/\/unix:\/run\/gunicorn\.sock;/);
    assert.doesNotMatch(site, /listen 443/);
    assert.match(site, /server_name asked\.example\.com;/);
  });

  test("Show Effective gunicorn Configuration opens a read-only document with the example unit's bind", async () => {
    await deployLens();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('deploylens.showEffectiveGunicornConfig');
    assert.ok(doc, 'the command returns the document it shows');
    assert.equal(doc.uri.scheme, 'deploylens-gunicorn');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    const text = doc.getText();
    assert.match(text, /deploy\/systemd\/myproject\.service:\d+: systemd myproject\.service/);
    assert.match(text, /^bind\s+= \['unix:\/run\/myproject\/gunicorn\.sock'\]\s+# deploy\/systemd\/myproject\.service:\d+ \(command line\)$/m);
    assert.match(text, /^workers\s+= 2\s+#/m);
    // The place each value was set in is a link to it.
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.ok(links.some((l) => l.target?.path.endsWith('/deploy/systemd/myproject.service')), JSON.stringify(links.map((l) => l.target?.toString())));
  });
});
