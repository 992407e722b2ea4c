/**
 * The deployment graph: what the topology preview draws and `deploylens graph` prints. Computed by
 * the server (server/src/project/topology.ts) from the deployment model and the findings; plain,
 * serializable data. Left to right: client -> listen -> server -> location -> target (static dir,
 * upstream, socket/port) -> gunicorn -> WSGI target -> app.
 */

/** The kinds of nodes, in the column order the preview lays them out. */
export type GraphNodeKind = 'client' | 'listen' | 'server' | 'location' | 'static' | 'upstream' | 'socket' | 'port' | 'gunicorn' | 'wsgi' | 'app';

/** Consistent (green), a cross-check fails (red: error, amber: warning), on the server only / not modelled (grey). */
export type GraphStatus = 'ok' | 'error' | 'warning' | 'unknown';

/** A place in a workspace file (absolute path, UTF-16 offsets, 0-based line/character for the editor). */
export interface GraphSource {
  file: string;
  start: number;
  end: number;
  line: number;
  character: number;
}

/** A problem shown on a node or an edge, with its quick fixes' titles (the editor applies them). */
export interface GraphProblem {
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  fixes: string[];
}

export interface GraphNode {
  /** Stable across edits while the thing it stands for stays (kind + identity, not positions). */
  id: string;
  kind: GraphNodeKind;
  /** One line: `127.0.0.1:80`, `server pybo.example.com`, `location ^~ /static/`, `unix:/run/app.sock`. */
  label: string;
  /** Key facts for the hover card, in display order. */
  details: Array<[string, string]>;
  status: GraphStatus;
  problems: GraphProblem[];
  source?: GraphSource;
  /** Position within its column (nginx's matching order for locations). */
  order: number;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  label?: string;
  status: GraphStatus;
  problems: GraphProblem[];
  source?: GraphSource;
}

export interface DeploymentGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Facts that limit the picture ("the Python parser is not loaded", ...). */
  notes: string[];
}

/** One step of a request's way through the graph ("server chosen and why", "location chosen and why", ...). */
export interface GraphRouteStep {
  stage: 'listen' | 'uri' | 'host' | 'server' | 'rewrite' | 'location' | 'target' | 'backend' | 'app';
  message: string;
  source?: GraphSource;
}

/** A URL routed through the deployment: the nodes and edges it passes, and why (the "try a URL" answer). */
export interface GraphRoute {
  url: string;
  /** False when the URL could not be parsed or no nginx configuration was found. */
  ok: boolean;
  /** What happens in the end, one line ("static file /srv/app/static/a.css (pybo/static/a.css)"). */
  summary: string;
  /** How it ends, for the colour of the path and the URL list. */
  outcome: 'static' | 'proxy' | 'return' | 'redirect' | 'error' | 'rejected' | 'no-listener' | 'not-modelled';
  /** The HTTP status when the router knows it (404 for a missing static file, 400, a return code). */
  status?: number;
  /** Node and edge ids on the path, in order from the client. */
  nodeIds: string[];
  edgeIds: string[];
  steps: GraphRouteStep[];
}

/** A URL the app serves or means (a static file, a route), and what nginx does with it. */
export interface AppUrl {
  /** The request path (`/static/style.css`, `/question/list/`). */
  path: string;
  /** A full URL to route (`http://pybo.example.com/static/style.css`). */
  url: string;
  source: 'static-file' | 'route';
  /** Served by nginx from disk / proxied to the app / not found (404) / something else (a redirect, another backend, not modelled). */
  outcome: 'nginx-disk' | 'app' | 'not-found' | 'other';
  /** One line: the file nginx opens, the gunicorn instance, or why not. */
  detail: string;
}
