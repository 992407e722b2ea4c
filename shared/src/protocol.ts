/**
 * The custom messages between the DeployLens extension (client) and its language server, beyond
 * standard LSP. One file, imported by both sides, so a rename or a changed shape is a type error on
 * both ends. Each message says who sends it. The message types carry their params and result types,
 * so `client.sendRequest(CheckWorkspaceRequest, ...)` and `connection.onRequest(CheckWorkspaceRequest,
 * ...)` are checked against the same shapes.
 */

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { AppUrl, DeploymentGraph, GraphRoute } from './graph';

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

/** The questions of the scaffold command, as answered (see `server/src/features/scaffold/types.ts`). */
export interface ScaffoldAnswers {
  /** The site's names (`server_name`), space-separated. */
  domain: string;
  /** Where the app folder lives on the server (`/srv/pybo`). */
  serverPath: string;
  /** gunicorn behind a unix socket (`/run/gunicorn.sock`) or a loopback TCP port (8000). */
  bind: 'socket' | 'port';
  /** An HTTPS server with Certbot's paths, plain HTTP redirecting to it. */
  https: boolean;
  socketPath?: string;
  port?: number;
  user?: string;
  group?: string;
  venv?: string;
  /** The site's file name (default: the app folder's name). */
  name?: string;
}

/** Payload of {@link ScaffoldRequest}. */
export interface ScaffoldParams {
  /** The app folder (URI string): a workspace folder or a folder inside one. */
  folderUri: string;
  /** Absent: detect the app and suggest answers only. Present: also render and check the files. */
  answers?: ScaffoldAnswers;
}

/** What the server detected in the folder. */
export interface ScaffoldAppInfo {
  framework: 'flask' | 'django';
  /** The deployment's short name (site file name). */
  name: string;
  /** The WSGI target the unit will name (`pybo:create_app()`). */
  target: string;
  /** One line for the user, e.g. "Flask factory create_app() in pybo/__init__.py". */
  description: string;
  /** Other targets found in the folder, best first. */
  alternatives: string[];
}

/** Defaults for the questions and where they come from. */
export interface ScaffoldSuggestions {
  serverPath: string;
  /** Workspace-relative file the server path was read from (an existing unit), if any. */
  serverPathFrom?: string;
  domain?: string;
  /** `ALLOWED_HOSTS` or the nginx file the domain was read from. */
  domainFrom?: string;
  user?: string;
  group?: string;
  venv?: string;
}

/** One generated file. */
export interface ScaffoldFileInfo {
  uri: string;
  text: string;
  kind: 'nginx' | 'systemd-service' | 'systemd-socket' | 'gunicorn-config';
  /** A file already exists there (the client asks before overwriting it). */
  exists: boolean;
}

/** A finding DeployLens reports on the workspace with the generated files in it. */
export interface ScaffoldFinding {
  uri: string;
  /** 1-based. */
  line: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

/** Result of {@link ScaffoldRequest}. */
export interface ScaffoldResult {
  /** Null when the folder holds no app DeployLens recognises (`notes` says why). */
  app: ScaffoldAppInfo | null;
  notes: string[];
  suggestions: ScaffoldSuggestions | null;
  /** Problems with the answers; when not empty, `files` is empty. */
  problems: string[];
  files: ScaffoldFileInfo[];
  /** Errors and warnings the checks report in the generated files, as if they were written. */
  findings: ScaffoldFinding[];
}

/**
 * `deploylens/scaffold`: client -> server request (the "Create Deployment Files for This App"
 * command): detects the app in a folder, suggests answers, and with answers renders the nginx site,
 * gunicorn.service, gunicorn.socket and gunicorn.conf.py and checks them. The server writes nothing.
 */
export const ScaffoldRequest = new RequestType<ScaffoldParams, ScaffoldResult, void>('deploylens/scaffold');

/** Payload of {@link EffectiveGunicornConfigRequest}. */
export interface EffectiveGunicornConfigParams {
  /** Restrict to these workspace folders (URI strings); empty or absent: all of them. */
  folderUris?: string[];
}

/** One setting's effective value and where it was decided. */
export interface EffectiveGunicornSetting {
  /** The value as gunicorn holds it (string, number, boolean, list, object), null when unknown or None. */
  value: unknown;
  /** `default`, `environment`, `config`, `GUNICORN_CMD_ARGS`, `command-line`, `socket-activation`. */
  origin: string;
  /** Why the value cannot be known from the files, when it cannot. */
  unknown?: string;
  /** Workspace-relative file and 1-based line where it is set; null for gunicorn's default. */
  file: string | null;
  line: number | null;
}

/** One gunicorn instance (a unit, a Procfile line, a container...) with its effective configuration. */
export interface EffectiveGunicornInstance {
  /** The workspace folder (URI string). */
  folderUri: string;
  /** The launcher file, workspace-relative, and the 1-based line of its command. */
  file: string | null;
  line: number | null;
  kind: string;
  name: string | null;
  app: string | null;
  chdir: string | null;
  startDir: string | null;
  binds: string[];
  bindsIgnored: string[];
  workers: number | null;
  workerClass: string | null;
  configFile: string | null;
  /** Sources outside the workspace that may change the values (an EnvironmentFile on the server). */
  unknownSources: string[];
  /**
   * The gunicorn release the values are for (`deploylens.gunicornVersion`, or a pin found in the
   * workspace); null: unknown, the settings of the newest release DeployLens knows are shown.
   */
  version: string | null;
  /** Every setting gunicorn knows, by name. */
  settings: Record<string, EffectiveGunicornSetting>;
}

/** Result of {@link EffectiveGunicornConfigRequest}. */
export interface EffectiveGunicornConfigResult {
  instances: EffectiveGunicornInstance[];
}

/**
 * `deploylens/effectiveGunicornConfig`: client -> server request (the "Show Effective gunicorn
 * Configuration" command): every gunicorn instance of the workspace with each setting's effective
 * value and origin, as `gunicorn --print-config` would print it on the server.
 */
export const EffectiveGunicornConfigRequest = new RequestType<EffectiveGunicornConfigParams, EffectiveGunicornConfigResult, void>('deploylens/effectiveGunicornConfig');

/** Params of {@link TryUrlRequest}. */
export interface TryUrlParams {
  /** The workspace folder (URI string); absent: the first folder. */
  folderUri?: string;
  /** `http[s]://host[:port]/path?query`, taken byte for byte (like `curl --path-as-is`). */
  url: string;
}

/**
 * `deploylens/tryUrl`: client -> server request (the topology preview's "Try a URL"). Routes the URL
 * through the folder's nginx configuration with the router and answers the way it takes on the graph
 * (node and edge ids to highlight) with the steps and why: server chosen, location chosen, the file
 * on disk or the gunicorn instance and app.
 */
export const TryUrlRequest = new RequestType<TryUrlParams, GraphRoute, void>('deploylens/tryUrl');

/** Params of {@link AppUrlsRequest}. */
export interface AppUrlsParams {
  /** The workspace folder (URI string); absent: the first folder. */
  folderUri?: string;
}

/**
 * `deploylens/appUrls`: client -> server request (the topology preview's URL list and suggestions).
 * The app's static files and routes, each routed through nginx: served from disk, proxied to the
 * app, or 404.
 */
export const AppUrlsRequest = new RequestType<AppUrlsParams, AppUrl[], void>('deploylens/appUrls');
