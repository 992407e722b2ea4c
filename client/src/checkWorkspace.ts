/**
 * "DeployLens: Check Workspace": analyse every deployment file and fill the Problems panel.
 * When the server implements `deploylens/checkWorkspace` (advertised in its initialize result) it
 * does the walk itself, opened files or not. Until then the client opens each deployment file it
 * finds (which sends `didOpen`, so the server checks it and publishes diagnostics) and counts
 * what comes back.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckWorkspaceRequest, serverFeatures, type CheckWorkspaceResult } from '../../shared/src/protocol';
import { DEPLOYMENT_FILE_GLOBS, DOCUMENT_SELECTOR, EXCLUDE_GLOB } from './selectors';

/** Files opened by the fallback, at most (a workspace with more is not a deployment folder). */
const MAX_FILES = 200;
/** The fallback stops waiting for diagnostics after this long without any new ones. */
const QUIET_MS = 2000;
/** ... and after this long in any case. */
const DEADLINE_MS = 20000;

/** Runs the check; returns the counts (also shown to the user by the command). */
export async function checkWorkspace(client: LanguageClient): Promise<CheckWorkspaceResult> {
  if (serverFeatures(client.initializeResult?.capabilities.experimental).checkWorkspace) {
    return client.sendRequest(CheckWorkspaceRequest, {});
  }
  const uris = await deploymentFiles();
  await openAndWait(uris);
  return { files: uris.length, ...countDiagnostics(client) };
}

async function deploymentFiles(): Promise<vscode.Uri[]> {
  const seen = new Map<string, vscode.Uri>();
  for (const glob of DEPLOYMENT_FILE_GLOBS) {
    for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE_GLOB, MAX_FILES)) seen.set(uri.toString(), uri);
    if (seen.size >= MAX_FILES) break;
  }
  return [...seen.values()].slice(0, MAX_FILES);
}

/** Opens the files (without showing them) and waits until the server has published for each, or goes quiet. */
async function openAndWait(uris: vscode.Uri[]): Promise<void> {
  const pending = new Set<string>();
  const published = new Set<string>();
  let wake: (() => void) | undefined;
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    for (const u of e.uris) published.add(u.toString());
    wake?.();
  });
  try {
    for (const uri of uris) {
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (vscode.languages.match(DOCUMENT_SELECTOR as vscode.DocumentFilter[], doc) > 0) pending.add(uri.toString());
      } catch {
        // Binary or unreadable: nothing to check.
      }
    }
    // Event-driven wait: every diagnostics event re-arms the quiet timer; done when every opened file
    // got diagnostics (a server may publish nothing for a clean file, hence the quiet timer), or at the deadline.
    await new Promise<void>((resolve) => {
      let quiet: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        clearTimeout(quiet);
        clearTimeout(deadline);
        wake = undefined;
        resolve();
      };
      const deadline = setTimeout(finish, DEADLINE_MS);
      wake = (): void => {
        for (const u of published) pending.delete(u);
        if (pending.size === 0) return finish();
        clearTimeout(quiet);
        quiet = setTimeout(finish, QUIET_MS);
      };
      wake();
    });
  } finally {
    sub.dispose();
  }
}

/** Counts the diagnostics of this client's collection by severity. */
export function countDiagnostics(client: LanguageClient): Omit<CheckWorkspaceResult, 'files'> {
  const counts = { errors: 0, warnings: 0, others: 0 };
  client.diagnostics?.forEach((_uri, diagnostics) => {
    for (const d of diagnostics) {
      if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.others++;
    }
  });
  return counts;
}
