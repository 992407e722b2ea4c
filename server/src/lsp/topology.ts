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
import type { DeploymentGraph } from '../../../shared/src/graph';

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
