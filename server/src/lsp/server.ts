/**
 * The language server: wires an LSP connection to the analysis core and the editor features.
 *
 * Diagnostics are pushed (textDocument/publishDiagnostics), never pulled: one analysis of the
 * whole workspace (open documents overlaid on the disk) produces findings for every file, so a
 * change in one file updates the diagnostics of every file that depends on it (an included
 * snippet, the gunicorn unit an nginx site proxies to). Runs are debounced, cancelled when
 * superseded, and never publish over newer results (see `analysis.ts`).
 *
 * `startServer(connection, host)` knows nothing of the process: `main.ts` creates the connection
 * (stdio or IPC) and the disk host; tests pass in-memory ones.
 */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectHost } from '../common/host';
import {
  CheckWorkspaceRequest,
  StatusNotification,
  TopologyChangedNotification,
  TopologyRequest,
  type CheckWorkspaceParams,
  type CheckWorkspaceResult,
  type InitializationOptions,
  type TopologyParams,
  type TopologyResult,
} from '../../../shared/src/protocol';
import { createDocumentRegistry } from './documents';
import { createSettingsStore } from './settings';
import { createWorkspaceState } from './workspace';
import { createPublisher } from './publisher';
import { createScheduler, type AnalysisResult } from './analysis';
import { registerFeatures } from './handlers';
import { registerScaffold } from './scaffold';
import { guarded } from './guard';
import { URI } from './uri';
import { statusParams } from './status';
import { createCachedHost } from '../common/cachedHost';
import { isNginxLayerCode, nginxEntries, quickNginxCheck, type NginxEntry } from './quick';
import { createTimings } from './timings';
import { registerTopology, topologyOf, type TopologySource } from './topology';

/** Options of `startServer`. */
export interface ServerOptions {
  /** Initialises the Python parser; awaited before analysing and before features that read Python. */
  loadPython?: () => Promise<void>;
  /** Debounce of the whole-workspace analysis in milliseconds (default 250; `initializationOptions.debounceMs` overrides). */
  debounceMs?: number;
  /** `code -> href` of a rule's documentation page, when it exists. */
  ruleDocs?: (code: string) => string | undefined;
  /** Registers test-only requests (`deploylens/test/throw`) to prove that a failing handler does not stop the server. */
  testHooks?: boolean;
}

/** Starts serving on `connection` over `base` (the disk, or a memory host in tests). Call `connection.listen()` after. */
export function startServer(connection: Connection, base: ProjectHost, options: ServerOptions = {}): void {
  const log = { error: (m: string) => connection.console.error(m) };
  const timing = createTimings();
  const documents = createDocumentRegistry();
  let canPullConfiguration = false;
  let supportsFolders = false;
  let editRangeDefaults = false;
  const settings = createSettingsStore(connection, () => canPullConfiguration, (m) => connection.console.warn(m));
  // Disk reads are cached between analyses (the disk rarely changes while the user types); file events drop them.
  const disk = createCachedHost(base);
  const state = createWorkspaceState(disk, documents, settings, (m) => log.error(m));
  const text = new TextDocuments(TextDocument);
  const indexOf = (path: string) => documents.index(path, state.host.readFile(path) ?? '');

  // Python: started at once, awaited where needed; a failure is logged and analysis goes on without it.
  const python = (options.loadPython?.() ?? Promise.resolve()).catch((e: unknown) => {
    log.error(`deploylens: Python analysis is unavailable: ${e instanceof Error ? e.message : String(e)}`);
  });
  let settingsReady: Promise<void> = Promise.resolve();

  const publisher = createPublisher({
    connection,
    indexOf,
    uriOf: (p) => documents.uriOf(p),
    versionOf: (p) => documents.byPath(p)?.version,
    textOf: (p) => state.host.readFile(p) ?? '',
    docHref: (code) => options.ruleDocs?.(code),
  });

  let lastCounts: Omit<CheckWorkspaceResult, 'files'> & { files: number } = { files: 0, errors: 0, warnings: 0, others: 0 };
  let debounceMs = options.debounceMs ?? 250;
  let analysisVersion = 0;
  /** Set by the first topology request: from then on each analysis keeps its models for the graph. */
  let keepTopology = false;
  let topology: TopologySource | undefined;
  /** For the fast path: the nginx entry configurations each file belongs to, from the last full analysis. */
  let entriesOf = new Map<string, NginxEntry[]>();
  const scheduler = createScheduler({
    get delayMs() {
      return debounceMs;
    },
    host: state.host,
    prepare: async () => {
      await python;
      await settingsReady;
    },
    scope: () => ({
      roots: state.roots,
      loose: documents
        .all()
        .map((d) => d.path)
        .filter((p) => !state.rootOf(p) || (state.kindOf(p) === 'nginx' && !isDiscoveredNginx(p))),
      settingsFor: (p) => settings.forPath(p),
    }),
    publish: (result: AnalysisResult, changed) => {
      const done = timing.start();
      state.setDiscovered(result.files);
      entriesOf = nginxEntries(result.models);
      analysisVersion++;
      if (keepTopology) topology = { version: analysisVersion, models: result.models, findings: result.findings };
      void connection.sendNotification(TopologyChangedNotification.method, { version: analysisVersion });
      lastCounts = publisher.publish(result, changed);
      void connection.sendNotification(StatusNotification.method, statusParams(state.roots, result, documents.uriOf, false));
      done('publish');
      timing.record('analysis', result.ms, result.cpuMs);
    },
    error: (e) => log.error(`deploylens: analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  });
  /** An nginx document that discovery also found is analysed with its folder, not on its own. */
  const isDiscoveredNginx = (p: string): boolean => state.context(p).files().some((f) => f.path === p && f.kind === 'nginx');

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions> & { debounceMs?: unknown };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    supportsFolders = params.capabilities.workspace?.workspaceFolders === true;
    editRangeDefaults = params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange') === true;
    const folders = params.workspaceFolders?.map((f) => URI.toPath(f.uri)).filter((p): p is string => !!p);
    const root = params.rootUri ? URI.toPath(params.rootUri) : (params.rootPath ?? undefined);
    state.roots = folders && folders.length > 0 ? folders : root ? [root] : [];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: ['$', '/', ':', '@', '-', '"', '='], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        selectionRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        experimental: { deploylens: { checkWorkspace: true, topology: true } },
      },
      serverInfo: { name: 'deploylens' },
    };
  });

  connection.onInitialized(() => {
    settingsReady = settings.refresh(state.roots, (p) => URI.fromPath(p));
    if (supportsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.toPath(f.uri)));
        state.roots = [...state.roots.filter((r) => !removed.has(r)), ...e.added.map((f) => URI.toPath(f.uri)).filter((p): p is string => !!p)];
        state.touch();
        settingsReady = settings.refresh(state.roots, (p) => URI.fromPath(p));
        scheduler.schedule();
      });
    }
    // The first analysis covers the whole workspace, so the Problems panel fills without opening
    // files; it starts at once (no debounce: nothing is being typed yet).
    void scheduler.runNow();
  });

  text.onDidOpen((e) => {
    documents.open(e.document.uri, e.document.languageId, e.document.version);
  });
  // The fast path: nginx documents edited since the last turn of the event loop are re-checked at once.
  const quick = new Map<string, number>();
  const runQuick = (): void => {
    for (const [path, changedAt] of quick) {
      try {
        const done = timing.start();
        publisher.publishQuick(quickNginxCheck(state.host, path, entriesOf.get(path) ?? [], settings.forPath(path), (t, p) => state.parse(t, p)), path, (code) => !isNginxLayerCode(code));
        done('quick');
        // From the change notification to the diagnostics sent, as the server sees it.
        timing.record('edit', performance.now() - changedAt, Number.NaN);
      } catch (e) {
        log.error(`deploylens: quick check of ${path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    quick.clear();
  };
  text.onDidChangeContent((e) => {
    const changedAt = performance.now();
    const doc = documents.byUri(e.document.uri) ?? documents.open(e.document.uri, e.document.languageId, e.document.version);
    documents.update(e.document.uri, e.document.version);
    state.host.setDocument(doc.path, e.document.getText());
    state.touch(doc.path);
    if (state.kindOf(doc.path) === 'nginx') {
      if (quick.size === 0) setImmediate(runQuick);
      if (!quick.has(doc.path)) quick.set(doc.path, changedAt);
    }
    scheduler.schedule(doc.path);
  });
  text.onDidClose((e) => {
    const doc = documents.close(e.document.uri);
    if (!doc) return;
    state.host.closeDocument(doc.path);
    disk.invalidate(doc.path);
    state.touch();
    // A file outside the workspace is no longer analysed: its diagnostics go with it.
    if (!state.rootOf(doc.path) || !URI.toPath(doc.uri)) publisher.clear(doc.path);
    scheduler.schedule();
  });
  text.listen(connection);

  connection.onDidChangeWatchedFiles((p) => {
    // A deleted folder takes its children with it: only a full clear is sure to forget them.
    if (p.changes.some((c) => c.type === 3 /* Deleted */) || p.changes.length > 50) disk.clear();
    for (const c of p.changes) {
      const path = URI.toPath(c.uri);
      if (path) disk.invalidate(path);
    }
    state.touch();
    scheduler.schedule();
  });
  text.onDidSave((e) => {
    const path = URI.toPath(e.document.uri);
    if (path) disk.invalidate(path);
  });
  connection.onDidChangeConfiguration((p) => {
    if (!canPullConfiguration) settings.push(p.settings);
    settingsReady = settings.refresh(state.roots, (x) => URI.fromPath(x));
    state.touch();
    scheduler.schedule();
  });

  // By method name: the shared protocol file's message types come from another copy of vscode-jsonrpc.
  connection.onRequest(
    CheckWorkspaceRequest.method,
    guarded<CheckWorkspaceParams, CheckWorkspaceResult>(log, 'checkWorkspace', lastCounts, async () => {
      void connection.sendNotification(StatusNotification.method, { deployments: [], busy: true });
      disk.clear();
      state.touch();
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await scheduler.runNow();
        if (r) break;
      }
      return lastCounts;
    }),
  );

  connection.onRequest(
    TopologyRequest.method,
    guarded<TopologyParams, TopologyResult | null>(log, 'topology', null, async (p) => {
      if (!keepTopology || !topology) {
        keepTopology = true;
        state.touch();
        for (let attempt = 0; attempt < 5 && !topology; attempt++) await scheduler.runNow();
      }
      const root = p.folderUri ? URI.toPath(p.folderUri) : state.roots[0];
      const t = topologyOf(state.host, topology, root);
      return { folderUri: t.root ? URI.fromPath(t.root) : null, graph: t.graph, version: topology?.version ?? 0 };
    }),
  );

  // Try a URL and the app's URLs (topology preview): answered from the analysis models the graph comes from.
  registerTopology(connection, {
    host: state.host,
    log,
    rootOf: (u) => (u ? URI.toPath(u) : state.roots[0]),
    source: async () => {
      if (!keepTopology || !topology) {
        keepTopology = true;
        state.touch();
        for (let attempt = 0; attempt < 5 && !topology; attempt++) await scheduler.runNow();
      }
      return topology;
    },
  });

  // Where the server's time goes, for bench/lsp.mjs and bug reports: the latest durations per kind of work.
  connection.onRequest('deploylens/debug/timings', () => ({ ...timing.snapshot(), memory: process.memoryUsage() }));

  if (options.testHooks) {
    connection.onRequest(
      'deploylens/test/throw',
      guarded(log, 'deploylens/test/throw', null, () => {
        throw new Error('test hook: a handler that throws');
      }),
    );
  }

  registerFeatures({ connection, state, documents, publisher, indexOf, ready: () => python, log, editRangeDefaults: () => editRangeDefaults, timing });
  registerScaffold(connection, { state, disk: base, ready: () => python, log });
  connection.onShutdown(() => scheduler.dispose());
}
