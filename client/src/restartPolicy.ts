/**
 * When to restart a crashed language server. Pure (times are passed in) so it is unit-tested;
 * extension.ts turns the decision into vscode-languageclient's CloseAction and a notification.
 *
 * Why not the library's default handler: it restarts silently and gives up after 4 crashes in
 * 3 minutes with a generic message. We want every crash to be visible (the user should know why
 * diagnostics blinked) and the give-up message to offer a restart button and the log.
 */

/** Crashes within this window count towards the limit. */
export const CRASH_WINDOW_MS = 3 * 60 * 1000;
/** More crashes than this within the window: stop restarting. */
export const MAX_CRASHES_IN_WINDOW = 4;

/** The decision for one crash. */
export interface RestartDecision {
  restart: boolean;
  /** The crash times to remember for the next decision (pruned to the window). */
  history: number[];
  /** What to tell the user. */
  message: string;
}

/** Decides what to do when the server's connection closed at `now`, given earlier crash times. */
export function onServerCrash(history: readonly number[], now: number): RestartDecision {
  const recent = [...history.filter((t) => now - t < CRASH_WINDOW_MS), now];
  if (recent.length > MAX_CRASHES_IN_WINDOW) {
    return {
      restart: false,
      history: recent,
      message: `The DeployLens language server crashed ${recent.length} times in the last 3 minutes and will not be restarted automatically.`,
    };
  }
  return { restart: true, history: recent, message: 'The DeployLens language server stopped unexpectedly and was restarted.' };
}
