/**
 * Where each kind of node goes, left to right: the way a request travels. Sockets and ports share a
 * column (both are what nginx connects to and gunicorn binds).
 */
import type { GraphNodeKind } from '../graph';

/** Column index per kind. */
export const COLUMN: Record<GraphNodeKind, number> = {
  client: 0,
  listen: 1,
  server: 2,
  location: 3,
  static: 4,
  upstream: 5,
  socket: 6,
  port: 6,
  gunicorn: 7,
  wsgi: 8,
  app: 9,
};

/** Column headings, by column index (shown above the columns). */
export const COLUMN_TITLES = ['client', 'listen', 'servers', 'locations', 'static files', 'upstreams', 'sockets / ports', 'gunicorn', 'WSGI target', 'app'];

/** The caption drawn above a node's label (what kind of thing it is). */
export const KIND_CAPTION: Record<GraphNodeKind, string> = {
  client: 'client',
  listen: 'listen',
  server: 'nginx server',
  location: 'location',
  static: 'static directory',
  upstream: 'upstream',
  socket: 'unix socket',
  port: 'TCP port',
  gunicorn: 'gunicorn',
  wsgi: 'WSGI target',
  app: 'app',
};

/** Words for a status, for captions, aria labels and legends. */
export const STATUS_WORD: Record<'ok' | 'error' | 'warning' | 'unknown', string> = {
  ok: 'consistent',
  error: 'broken',
  warning: 'warning',
  unknown: 'not modelled / on the server only',
};
