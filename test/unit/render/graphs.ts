/**
 * Small hand-written graphs for the renderer's tests (no Python, no nginx parsing): a chain of
 * every kind, with statuses, problems and hostile strings where a config could put them.
 */
import type { DeploymentGraph, GraphEdge, GraphNode, GraphNodeKind, GraphStatus } from '../../../shared/src/graph';

/** A node with defaults. */
export function node(id: string, kind: GraphNodeKind, label: string, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, kind, label, details: [], status: 'ok', problems: [], order: 0, ...extra };
}

/** An edge with defaults (id `from->to`, as the builder makes them). */
export function edge(from: string, to: string, status: GraphStatus = 'ok', extra: Partial<GraphEdge> = {}): GraphEdge {
  return { id: `${from}->${to}`, from, to, status, problems: [], ...extra };
}

/** The XSS probe of the issue. */
export const XSS = '<img src=x onerror=alert(1)>';

/** client -> listen -> server -> 3 locations (given out of matching order) -> static / socket -> gunicorn -> wsgi -> app. */
export function chainGraph(serverName = 'pybo.example.com'): DeploymentGraph {
  const nodes: GraphNode[] = [
    node('app:g', 'app', 'Flask app'),
    node('client', 'client', 'clients'),
    node('listen:0.0.0.0:80', 'listen', '0.0.0.0:80'),
    node('server:s#0', 'server', `server ${serverName}`, { details: [['names', serverName]] }),
    node('location:s:/', 'location', 'location /', { order: 2 }),
    node('location:s:=/favicon.ico', 'location', 'location = /favicon.ico', { order: 0 }),
    node('location:s:/static/', 'location', 'location /static/', { order: 1 }),
    node('static:/srv/static/', 'static', '/srv/static/'),
    node('socket:/run/app.sock', 'socket', 'unix:/run/app.sock'),
    node('gunicorn:u', 'gunicorn', 'gunicorn app.service', { source: { file: '/ws/app.service', start: 10, end: 20, line: 1, character: 0 } }),
    node('wsgi:g', 'wsgi', 'pybo:create_app()'),
  ];
  const edges: GraphEdge[] = [
    edge('client', 'listen:0.0.0.0:80'),
    edge('listen:0.0.0.0:80', 'server:s#0', 'ok', { label: 'default' }),
    edge('server:s#0', 'location:s:=/favicon.ico'),
    edge('server:s#0', 'location:s:/static/'),
    edge('server:s#0', 'location:s:/'),
    edge('location:s:/static/', 'static:/srv/static/', 'ok', { label: 'alias' }),
    edge('location:s:/', 'socket:/run/app.sock', 'error', {
      label: 'proxy_pass',
      problems: [{ severity: 'error', code: 'proxy-target-not-bound', message: `nothing binds unix:/run/app.sock ${XSS}`, fixes: ['Bind gunicorn to unix:/run/app.sock'] }],
      source: { file: '/ws/site', start: 100, end: 130, line: 5, character: 8 },
    }),
    edge('socket:/run/app.sock', 'gunicorn:u', 'ok', { label: 'bind' }),
    edge('gunicorn:u', 'wsgi:g'),
    edge('wsgi:g', 'app:g'),
    edge('static:/srv/static/', 'app:g', 'ok', { label: 'app static /static/' }),
  ];
  return { nodes, edges, notes: [] };
}
