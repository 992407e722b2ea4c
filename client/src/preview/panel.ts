/**
 * "DeployLens: Open Topology Preview": a webview panel beside the editor that draws the deployment
 * graph the server computes, live. The extension side only relays: it asks the server for the
 * graph (again after each `deploylens/topologyChanged`), routes "try a URL" and the URL list to
 * the server, reveals sources, applies quick fixes through VS Code's code action providers, and
 * writes the SVG the webview renders. A serializer restores the panel after a reload.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AppUrlsRequest, TopologyChangedNotification, TopologyRequest, TryUrlRequest } from '../../../shared/src/protocol';
import { isFromWebview, type FromWebview, type PreviewState, type ToWebview } from '../../../shared/src/render/messages';
import { whenRunning } from '../scaffold/command';
import { makeNonce, previewHtml } from './html';
import { applyQuickFix } from './quickFix';

/** The panel's view type (also the serializer's key and the `onWebviewPanel:` activation event). */
export const VIEW_TYPE = 'deploylens.topology';

interface Preview {
  panel: vscode.WebviewPanel;
  folderUri?: string;
  post(m: ToWebview): void;
  refresh(): Promise<void>;
  waiters: Array<{ version: number; resolve: (m: Extract<FromWebview, { type: 'rendered' }>) => void }>;
}

/** Registers the command, the export commands, the serializer and the listeners (analysis, active editor). */
export function registerTopologyPreview(context: vscode.ExtensionContext, lc: LanguageClient): void {
  let current: Preview | undefined;
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');

  const attach = (panel: vscode.WebviewPanel, state: Partial<PreviewState> | undefined): Preview => {
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const nonce = makeNonce((n) => new Uint8Array(randomBytes(n)));
    panel.webview.html = previewHtml({ cspSource: panel.webview.cspSource, nonce, scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString() });
    let inflight: Promise<void> | undefined;
    let again = false;
    const p: Preview = {
      panel,
      ...(state?.folderUri ? { folderUri: state.folderUri } : {}),
      waiters: [],
      post: (m) => void panel.webview.postMessage(m),
      // One request at a time; changes during a request make one more request after it.
      refresh: () => {
        if (inflight) {
          again = true;
          return inflight;
        }
        inflight = (async () => {
          do {
            again = false;
            await fetchGraph(p);
          } while (again);
        })().finally(() => (inflight = undefined));
        return inflight;
      },
    };
    panel.onDidDispose(() => {
      if (current === p) current = undefined;
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isFromWebview(m)) return;
      void handle(p, m).catch((e: unknown) => p.post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
    });
    current = p;
    return p;
  };

  const fetchGraph = async (p: Preview): Promise<void> => {
    await whenRunning(lc);
    const folderUri = p.folderUri ?? pickFolder();
    const r = await lc.sendRequest(TopologyRequest, folderUri ? { folderUri } : {});
    if (!r?.folderUri) {
      p.post({ type: 'graph', folderUri: '', folderName: 'no folder', graph: r?.graph ?? { nodes: [], edges: [], notes: ['open a folder with deployment files'] }, version: r?.version ?? 0 });
      return;
    }
    p.folderUri = r.folderUri;
    const folderName = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(r.folderUri))?.name ?? r.folderUri;
    p.post({ type: 'graph', folderUri: r.folderUri, folderName, graph: r.graph, version: r.version });
  };

  const handle = async (p: Preview, m: FromWebview): Promise<void> => {
    switch (m.type) {
      case 'ready':
        await p.refresh();
        break;
      case 'reveal':
        await revealSource(m.source);
        break;
      case 'quickFix': {
        const applied = await applyQuickFix(m.source, m.title);
        if (!applied) void vscode.window.showWarningMessage(`DeployLens: the quick fix "${m.title}" is no longer offered there (the file changed?).`);
        break;
      }
      case 'tryUrl': {
        await whenRunning(lc);
        const route = await lc.sendRequest(TryUrlRequest, { url: m.url, ...(p.folderUri ? { folderUri: p.folderUri } : {}) });
        p.post({ type: 'route', route });
        break;
      }
      case 'appUrls': {
        await whenRunning(lc);
        const urls = await lc.sendRequest(AppUrlsRequest, p.folderUri ? { folderUri: p.folderUri } : {});
        p.post({ type: 'appUrls', urls });
        break;
      }
      case 'export':
        await exportSvg(m.action, m.svg, p.folderUri);
        break;
      case 'rendered': {
        const ready = p.waiters.filter((w) => m.version >= w.version);
        p.waiters = p.waiters.filter((w) => m.version < w.version);
        for (const w of ready) w.resolve(m);
        break;
      }
    }
  };

  const open = async (): Promise<void> => {
    if (current) {
      current.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'DeployLens Topology', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [dist] });
    attach(panel, undefined);
  };

  const requestExport = async (action: 'copy' | 'save'): Promise<void> => {
    if (!current) {
      await open();
      await new Promise<void>((resolve) => {
        const w = { version: 0, resolve: () => resolve() };
        current?.waiters.push(w);
      });
    }
    current?.post({ type: 'requestExport', action });
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('deploylens.openTopologyPreview', open),
    vscode.commands.registerCommand('deploylens.topology.copySvg', () => requestExport('copy')),
    vscode.commands.registerCommand('deploylens.topology.saveSvg', () => requestExport('save')),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        attach(panel, (state ?? undefined) as Partial<PreviewState> | undefined);
      },
    }),
    lc.onNotification(TopologyChangedNotification, () => {
      if (current) void current.refresh().catch(() => undefined);
    }),
    // In a multi-root workspace the preview follows the folder of the file being edited.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const folder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.toString();
      if (!current || !folder || folder === current.folderUri) return;
      current.folderUri = folder;
      void current.refresh().catch(() => undefined);
    }),
  );

}

/** The folder to draw: the active editor's, else the first. */
function pickFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.toString();
}

/** Opens the file at the range, in the editor group the user worked in (not over the preview). */
async function revealSource(source: { file: string; start: number; end: number; line: number; character: number }): Promise<void> {
  const uri = vscode.Uri.file(source.file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const start = doc.positionAt(source.start);
  const end = doc.positionAt(Math.max(source.start, source.end));
  const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
  await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(start, end), preserveFocus: false });
}

async function exportSvg(action: 'copy' | 'save', svg: string, folderUri: string | undefined): Promise<void> {
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(svg);
    void vscode.window.showInformationMessage('DeployLens: the topology was copied as SVG.');
    return;
  }
  const base = folderUri ? vscode.Uri.parse(folderUri) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ filters: { 'SVG image': ['svg'] }, ...(base ? { defaultUri: vscode.Uri.joinPath(base, 'topology.svg') } : {}), saveLabel: 'Save Topology' });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
  void vscode.window.showInformationMessage(`DeployLens: saved ${vscode.workspace.asRelativePath(target)}.`);
}
