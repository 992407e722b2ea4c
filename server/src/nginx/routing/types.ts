import type { CompileOptions } from './compile';

/** The request to route: what a client sends and where it connects. */
export interface RouteRequest {
  /** The URL as the user gave it (kept for reports only). */
  url?: string;
  /** The Host header as sent (port and trailing dot allowed); null when the request has none (HTTP/1.0). */
  host: string | null;
  /** The port the client connects to. */
  port: number;
  /** The request target as written on the request line: path, `?query`, even `#fragment`, byte for byte. */
  path: string;
  /** The local address the client connects to; by default the address of a `listen` for the port. */
  address?: string;
  scheme?: 'http' | 'https';
  /** The client's address, for `allow` / `deny` rules (unknown by default). */
  client?: string;
}

/** Options of the router. */
export interface RouteOptions extends CompileOptions {
  /** nginx's prefix, where a relative `root` and the default `root html` live (Debian: /usr/share/nginx). */
  prefix?: string;
  /**
   * Tells what is on disk at an absolute path ('file', 'directory', or undefined when nothing is).
   * With it, `try_files` and `index` are evaluated; without it, their candidates are listed.
   */
  fileType?: (path: string) => 'file' | 'directory' | undefined;
}

/** A place in a config file (UTF-16 offsets). */
export interface SourceRef {
  file: string;
  start: number;
  end: number;
}

/** One step of the explanation. */
export interface TraceStep {
  stage: 'listen' | 'uri' | 'host' | 'server' | 'rewrite' | 'location' | 'target';
  message: string;
  ref?: SourceRef;
}

/** Which server answered and why. */
export interface ServerChoice {
  /** The `server` directive; null for a server-context file. */
  ref: SourceRef | null;
  file: string;
  /** Position among the config's servers (0-based). */
  index: number;
  names: string[];
  rule: 'exact' | 'wildcard-head' | 'wildcard-tail' | 'regex' | 'default_server' | 'first-server';
  /** The server_name entry that matched (for the name rules). */
  matchedName?: string;
}

/** Which location answered and why. */
export interface LocationChoice {
  ref: SourceRef;
  file: string;
  modifier: '' | '=' | '^~' | '~' | '~*' | '@';
  pattern: string;
  rule: 'exact' | 'prefix' | 'regex' | 'named';
  /** The URI the location was chosen for (differs from the request's after a rewrite or an internal redirect). */
  uri: string;
}

/** Where a backend lives. */
export type Endpoint = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number | null } | { kind: 'unknown'; text: string };

/** One candidate of `try_files` or `index`. */
export interface FileCandidate {
  /** As written (`$uri`, `$uri/`, `index.html`). */
  written: string;
  /** The filesystem path nginx checks. */
  path: string;
  /** Looked for a directory (`$uri/`). */
  directory: boolean;
  /** What the host said is there, when a `fileType` was given. */
  found?: boolean;
}

/** What nginx does with the request in the end. */
export type RouteTarget =
  /** Refused before any server config applies (bad URI, bad Host, TLS mismatch). */
  | { kind: 'rejected'; status: number; reason: string }
  /** Nothing listens there: the connection fails. */
  | { kind: 'no-listener'; reason: string }
  /** `return` (or a `rewrite ... redirect|permanent`): a status, text or a redirect URL. */
  | { kind: 'return'; status: number; text?: string; location?: string; ref: SourceRef }
  /** The automatic 301 to the URI with a trailing slash. */
  | { kind: 'redirect'; status: 301; location: string; reason: string }
  /** A request passed to a backend. */
  | {
      kind: 'proxy';
      directive: 'proxy_pass' | 'uwsgi_pass' | 'fastcgi_pass' | 'scgi_pass' | 'grpc_pass' | 'memcached_pass';
      /** The address as written. */
      written: string;
      scheme?: string;
      upstream?: { name: string; ref: SourceRef };
      endpoints: Endpoint[];
      /** The URI sent to the backend when the router knows it (proxy_pass). */
      uri?: string;
      ref: SourceRef;
    }
  /** A file served from disk (the static module, possibly after `try_files` / `index`). */
  | {
      kind: 'static';
      via: 'root' | 'alias';
      /** The root or alias value in effect (absolute). */
      root: string;
      /** The file path for the URI. */
      path: string;
      /** The root/alias directive; undefined for nginx's default `root html`. */
      ref?: SourceRef;
      tryFiles?: { candidates: FileCandidate[]; fallback: string; ref: SourceRef };
      index?: { candidates: FileCandidate[]; ref?: SourceRef };
      /** When the host said which candidate exists, what happens next. */
      outcome?: string;
    }
  /** An error status decided by the config (an `internal` location reached from outside, too many rewrites, ...). */
  | { kind: 'error'; status: number; reason: string; ref?: SourceRef }
  /** The router cannot tell (an `if` it cannot evaluate, a regex it cannot run, ...). */
  | { kind: 'not-modelled'; reason: string; ref?: SourceRef };

/** The answer of `routeRequest`: plain data. */
export interface RouteResult {
  /** Set when nginx refuses the request before any location (400 for a bad URI or Host). */
  status?: number;
  server: ServerChoice | null;
  location: LocationChoice | null;
  /** The normalized URI nginx matched (absent when the URI was refused). */
  uri?: string;
  args?: string | null;
  target: RouteTarget;
  /**
   * Set when an error_page answered: the response then has this status (the original error, or
   * the `=code` of error_page; null for a bare `=`, where the page's own status counts).
   */
  errorPage?: { status: number | null; ref: SourceRef };
  trace: TraceStep[];
  /** What the router did not model on the way (the answer may differ from nginx there). */
  notModelled: string[];
}
