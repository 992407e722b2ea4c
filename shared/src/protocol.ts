/**
 * The custom messages between the DeployLens extension (client) and its language server, beyond
 * standard LSP. One file, imported by both sides, so a rename or a changed shape is a type error on
 * both ends. Each message says who sends it. The message types carry their params and result types,
 * so `client.sendRequest(CheckWorkspaceRequest, ...)` and `connection.onRequest(CheckWorkspaceRequest,
 * ...)` are checked against the same shapes.
 *
 * Planned next (not defined yet, so nobody codes against a guess): `deploylens/effectiveGunicornConfig`.
 */

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { DeploymentGraph } from './graph';

/** What the server found in one workspace folder: the pieces of the deployment chain. */
export interface DeploymentSummary {
  /** The workspace folder (URI string) the summary is about. */
  folderUri: string;
  /** One short line for the status bar, e.g. "nginx → gunicorn → Flask (pybo:create_app())". */
  label: string;
  /** nginx files that belong to the deployment (URI strings). */
  nginxFiles: string[];
  /** Where gunicorn's settings come from (systemd unit, gunicorn.conf.py, Procfile...), URI strings. */
  gunicornSources: string[];
  /** The WSGI application gunicorn loads, as written ("pybo:create_app()"), or null if none was found. */
  wsgiTarget: string | null;
  /** The web framework detected for the app. */
  framework: 'flask' | 'django' | 'unknown';
}

/** Payload of {@link StatusNotification}. */
export interface StatusParams {
  /** One entry per workspace folder in which a deployment was detected. */
  deployments: DeploymentSummary[];
  /** True while the server is (re-)analysing; the client shows a spinner. */
  busy: boolean;
}

/**
 * `deploylens/status`: server -> client notification, sent after each analysis of the workspace
 * (and with `busy: true` when one starts). The client shows it in the status bar.
 */
export const StatusNotification = new NotificationType<StatusParams>('deploylens/status');

/** Payload of {@link CheckWorkspaceRequest}. */
export interface CheckWorkspaceParams {
  /** Restrict the check to these workspace folders (URI strings); empty or absent: all of them. */
  folderUris?: string[];
}

/** Result of {@link CheckWorkspaceRequest}. */
export interface CheckWorkspaceResult {
  /** Files analysed. */
  files: number;
  /** Diagnostics published, by severity. */
  errors: number;
  warnings: number;
  /** Hints and information. */
  others: number;
}

/**
 * `deploylens/checkWorkspace`: client -> server request (the "DeployLens: Check Workspace" command).
 * The server analyses every deployment file of the workspace, opened or not, publishes diagnostics
 * for each (so the Problems panel fills) and answers with the counts.
 */
export const CheckWorkspaceRequest = new RequestType<CheckWorkspaceParams, CheckWorkspaceResult, void>('deploylens/checkWorkspace');

/** Options the client sends in `initialize` (`initializationOptions`). */
export interface InitializationOptions {
  /**
   * False in an untrusted workspace (VS Code's workspace trust): the server must only read files,
   * never run nginx, gunicorn or Python from the workspace.
   */
  trusted: boolean;
}

/**
 * What the server advertises it implements, under `capabilities.experimental.deploylens` of its
 * `initialize` result. The client uses it to choose between a custom request and its fallback.
 */
export interface ServerFeatures {
  /** The server answers {@link CheckWorkspaceRequest}. */
  checkWorkspace?: boolean;
}

/** Reads {@link ServerFeatures} from an `initialize` result's `capabilities.experimental` (any shape). */
export function serverFeatures(experimental: unknown): ServerFeatures {
  if (typeof experimental !== 'object' || experimental === null) return {};
  const f = (experimental as { deploylens?: unknown }).deploylens;
  if (typeof f !== 'object' || f === null) return {};
  return { checkWorkspace: (f as ServerFeatures).checkWorkspace === true };
}

/** Payload of {@link TopologyRequest}. */
export interface TopologyParams {
  /** The workspace folder (URI string) to draw; absent: the first folder. */
  folderUri?: string;
}

/** Result of {@link TopologyRequest}. */
export interface TopologyResult {
  /** The folder drawn (URI string), or null when the server has no workspace folder. */
  folderUri: string | null;
  /** The graph as of the latest analysis (unsaved editor buffers included). */
  graph: DeploymentGraph;
  /** The analysis it comes from; it grows with every analysis (see {@link TopologyChangedNotification}). */
  version: number;
}

/**
 * `deploylens/topology`: client -> server request (the topology preview): the deployment graph of a
 * folder, computed by the server from its latest whole-workspace analysis. Advertised as
 * `capabilities.experimental.deploylens.topology: true`.
 */
export const TopologyRequest = new RequestType<TopologyParams, TopologyResult, void>('deploylens/topology');

/** Payload of {@link TopologyChangedNotification}. */
export interface TopologyChangedParams {
  /** The analysis version the graphs would now come from. */
  version: number;
}

/**
 * `deploylens/topologyChanged`: server -> client notification after each whole-workspace analysis:
 * the graph may have changed; an open preview asks for it again with {@link TopologyRequest}.
 */
export const TopologyChangedNotification = new NotificationType<TopologyChangedParams>('deploylens/topologyChanged');
