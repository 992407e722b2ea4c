/**
 * Every request handler runs through `guarded`: a feature that throws (a bug, a pathological input)
 * answers its empty value and logs the stack to the client's console; the server keeps serving.
 * Cancellation is honoured before the work starts (a superseded completion is not computed).
 */
import type { CancellationToken } from 'vscode-languageserver';

/** Where guarded handlers report failures (the connection's console). */
export interface Logger {
  error(message: string): void;
}

/** Wraps a handler: returns `empty` when cancelled or when `fn` throws (after logging). */
export function guarded<P, R>(log: Logger, name: string, empty: R, fn: (params: P, token: CancellationToken) => R | Promise<R>): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (token?.isCancellationRequested) return empty;
    try {
      return await fn(params, token);
    } catch (e) {
      log.error(`deploylens: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return empty;
    }
  };
}
