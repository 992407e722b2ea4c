import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRASH_WINDOW_MS, MAX_CRASHES_IN_WINDOW, onServerCrash } from '../../../client/src/restartPolicy';

test('a crash is restarted, with a message that says so', () => {
  const d = onServerCrash([], 1000);
  assert.equal(d.restart, true);
  assert.deepEqual(d.history, [1000]);
  assert.match(d.message, /was restarted/);
});

test(`crash number ${MAX_CRASHES_IN_WINDOW + 1} within the window stops the restarts`, () => {
  let history: number[] = [];
  const decisions = [];
  for (let i = 0; i <= MAX_CRASHES_IN_WINDOW; i++) {
    const d = onServerCrash(history, 10_000 + i * 1000);
    history = d.history;
    decisions.push(d.restart);
  }
  assert.deepEqual(decisions, [...Array(MAX_CRASHES_IN_WINDOW).fill(true), false]);
  assert.match(onServerCrash(history.slice(0, -1), 20_000).message, /will not be restarted/);
});

test('old crashes leave the window and stop counting', () => {
  const old = Array.from({ length: MAX_CRASHES_IN_WINDOW }, (_, i) => i);
  const d = onServerCrash(old, CRASH_WINDOW_MS + MAX_CRASHES_IN_WINDOW);
  assert.equal(d.restart, true);
  assert.deepEqual(d.history, [CRASH_WINDOW_MS + MAX_CRASHES_IN_WINDOW]);
});
