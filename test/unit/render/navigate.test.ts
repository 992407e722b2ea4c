import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutGraph } from '../../../shared/src/render/layout';
import { neighbour, type Direction } from '../../../shared/src/render/navigate';
import { chainGraph } from './graphs';

test('arrow keys: Right/Left follow connections, Up/Down move in a column, stop at the edges', async () => {
  const g = chainGraph();
  const l = await layoutGraph(g);
  const table: Array<[string | undefined, Direction, string | undefined]> = [
    [undefined, 'right', 'client'],
    ['client', 'right', 'listen:0.0.0.0:80'],
    ['listen:0.0.0.0:80', 'right', 'server:s#0'],
    ['server:s#0', 'left', 'listen:0.0.0.0:80'],
    ['location:s:=/favicon.ico', 'down', 'location:s:/static/'],
    ['location:s:/static/', 'down', 'location:s:/'],
    ['location:s:/', 'down', undefined],
    ['location:s:/static/', 'up', 'location:s:=/favicon.ico'],
    ['location:s:/static/', 'right', 'static:/srv/static/'],
    ['location:s:/', 'right', 'socket:/run/app.sock'],
    ['socket:/run/app.sock', 'right', 'gunicorn:u'],
    ['wsgi:g', 'right', 'app:g'],
    ['app:g', 'right', undefined],
    ['client', 'left', undefined],
    // No connection that way: the nearest node of the next column.
    ['location:s:=/favicon.ico', 'right', 'static:/srv/static/'],
  ];
  for (const [from, dir, want] of table) assert.equal(neighbour(g, l, from, dir), want, `${from} ${dir}`);
});
