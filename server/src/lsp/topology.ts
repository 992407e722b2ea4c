/**
 * `deploylens/topology`: the deployment graph of a workspace folder for the preview, built by the
 * core (`project/topology.ts`) from the latest whole-workspace analysis. The analysis models are
 * kept only once a client asked for a graph (a preview is open): a 500-site model is not held in
 * memory for nothing.
 */
import type { Finding } from '../common/diagnostics';
import type { ProjectHost } from '../common/host';
import { buildGraph } from '../project/topology';
import type { DeploymentModel } from '../project/model';
import type { AppUrl, DeploymentGraph, GraphRoute } from '../../../shared/src/graph';
import type { Connection } from 'vscode-languageserver';
import { AppUrlsRequest, TryUrlRequest, type AppUrlsParams, type TryUrlParams } from '../../../shared/src/protocol';
import { routeOnGraph } from '../project/graphRoute';
import { appUrls } from '../project/appUrls';
import { guarded, type Logger } from './guard';

/** The models and findings of the latest analysis, per folder. */
export interface TopologySource {
  version: number;
  models: DeploymentModel[];
  findings: Finding[];
}

/** The graph of `root` (the first model when `root` is undefined), or an empty graph with a note. */
export function topologyOf(host: ProjectHost, source: TopologySource | undefined, root: string | undefined): { root: string | undefined; graph: DeploymentGraph } {
  const model = source?.models.find((m) => root === undefined || m.root === root);
  if (!source || !model) return { root, graph: { nodes: [], edges: [], notes: ['no analysis of this folder yet'] } };
  const prefix = model.root.endsWith('/') ? model.root : model.root + '/';
  const findings = source.findings.filter((f) => f.file.startsWith(prefix));
  return { root: model.root, graph: buildGraph(model, findings, host) };
}

/** What `registerTopology` needs from the server. */
export interface TopologyDeps {
  /** The overlay host (unsaved buffers included). */
  host: ProjectHost;
  /** The latest analysis with its models, starting to keep them if nobody asked before. */
  source(): Promise<TopologySource | undefined>;
  /** The workspace folder of a URI (absent: the first folder). */
  rootOf(folderUri: string | undefined): string | undefined;
  log: Logger;
}

/**
 * Registers `deploylens/tryUrl` and `deploylens/appUrls` (the preview's "Try a URL" and URL list).
 * Both answer from the same analysis as the graph the preview shows, so the highlighted ids exist
 * in it; the graph of the latest version is built once and shared by the requests.
 */
export function registerTopology(connection: Connection, deps: TopologyDeps): void {
  let cached: { version: number; root: string; model: DeploymentModel; graph: DeploymentGraph } | undefined;
  const current = async (folderUri: string | undefined) => {
    const source = await deps.source();
    const root = deps.rootOf(folderUri);
    if (cached && source && cached.version === source.version && cached.root === root) return cached;
    const model = source?.models.find((m) => root === undefined || m.root === root);
    if (!source || !model) return undefined;
    const { graph } = topologyOf(deps.host, source, model.root);
    cached = { version: source.version, root: model.root, model, graph };
    return cached;
  };
  connection.onRequest(
    TryUrlRequest.method,
    guarded<TryUrlParams, GraphRoute>(deps.log, 'tryUrl', { url: '', ok: false, summary: 'failed', outcome: 'not-modelled', nodeIds: [], edgeIds: [], steps: [] }, async (p) => {
      const c = await current(p.folderUri);
      if (!c) return { url: p.url, ok: false, summary: 'no deployment was analysed in this folder', outcome: 'not-modelled', nodeIds: [], edgeIds: [], steps: [] };
      return routeOnGraph(c.model, c.graph, deps.host, p.url);
    }),
  );
  connection.onRequest(
    AppUrlsRequest.method,
    guarded<AppUrlsParams, AppUrl[]>(deps.log, 'appUrls', [], async (p) => {
      const c = await current(p.folderUri);
      return c ? appUrls(c.model, c.graph, deps.host) : [];
    }),
  );
}
