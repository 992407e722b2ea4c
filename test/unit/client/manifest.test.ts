// The parts of package.json the editor reads to load the extension: activation, commands, trust.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
/** All client sources, concatenated: commands are registered in several files. */
const clientSource = (readdirSync(new URL('client/src', root), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(new URL(`client/src/${f}`, root), 'utf8'))
  .join('\n');

test('activation events cover the deployment files the brief lists', () => {
  assert.deepEqual(manifest.activationEvents, [
    'onLanguage:nginx',
    'onLanguage:systemd-unit',
    'workspaceContains:**/sites-available/*',
    'workspaceContains:**/*.service',
    'workspaceContains:**/gunicorn*.py',
    'workspaceContains:**/Procfile',
    // Restores the topology panel after a reload before anything else starts the extension.
    'onWebviewPanel:deploylens.topology',
  ]);
});

test('every contributed command is registered by the extension, and every registered one is contributed', () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...clientSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, contributed);
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'DeployLens', c.command);
});

test('menus and welcome views name only contributed commands', () => {
  const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  for (const entries of Object.values(manifest.contributes.menus) as { command: string }[][]) {
    for (const e of entries) assert.ok(contributed.has(e.command), e.command);
  }
  for (const v of manifest.contributes.viewsWelcome) {
    for (const m of (v.contents as string).matchAll(/command:([\w.]+)/g)) assert.ok(contributed.has(m[1]) || m[1].startsWith('workbench.'), m[1]);
  }
});

test('restricted mode is supported in a limited way, with a description', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.match(manifest.capabilities.untrustedWorkspaces.description, /never runs/);
  // The commands that execute programs check trust themselves (they stay visible, and say why they refuse).
  assert.match(readFileSync(new URL('client/src/nginxTest/command.ts', root), 'utf8'), /if \(!vscode\.workspace\.isTrusted\)/);
});

test('engines.vscode accepts code-server 4.100.3 (VS Code 1.100.3) and @types/vscode is not newer', () => {
  assert.match(manifest.engines.vscode, /^\^1\.(\d+)\.\d+$/);
  const minor = Number(/^\^1\.(\d+)/.exec(manifest.engines.vscode)![1]);
  assert.ok(minor <= 100, `engines.vscode ${manifest.engines.vscode} would not load in VS Code 1.100.3`);
  const types = Number(/^1\.(\d+)/.exec(manifest.devDependencies['@types/vscode'])![1]);
  assert.ok(types <= minor, '@types/vscode must not be newer than engines.vscode (vsce refuses to package)');
});

test('the extension entry point is the bundle the build writes', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.match(readFileSync(new URL('scripts/build.mjs', root), 'utf8'), /client\/src\/extension\.ts'\], outfile: 'dist\/extension\.js'/);
});
