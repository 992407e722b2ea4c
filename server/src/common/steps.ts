/**
 * Computations that can pause. A long analysis (a 2 MB nginx file takes about a second) is written as
 * a generator that `yield`s between its parts: the CLI runs it straight through (`runSteps`), the
 * language server runs it in slices and answers requests between them (`lsp/analysis.ts`), and stops
 * it when a newer edit made its result useless. A yield is only a pause: the code between two yields
 * sees one state of the files.
 */

/** A computation that yields between its parts and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs a computation to its end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
