/**
 * Live diagnostics, push model. One function analyses the whole workspace (`project/check.ts`
 * `checkPathSteps` per workspace folder, plus open documents outside every folder): findings for any
 * file may come from any other (an include, the gunicorn bind an nginx site proxies to), so every
 * change re-runs it and diagnostics are pushed for every file whose findings changed.
 *
 * - Debounced: changes within `delayMs` make one run.
 * - Responsive: a run works in slices of about 25 ms and yields to the event loop between them, so
 *   requests (hover, completion) are answered while a long analysis runs.
 * - Cancelled when superseded: a run stops at the first slice boundary after a newer change arrived
 *   (its results are never published); the newer change schedules its own run.
 * - Never stale: results are published in the order runs complete, and a run that was superseded
 *   publishes nothing. Every change of the files (an edit, a close, a file event, new settings)
 *   supersedes the running analysis, so a run whose slices saw two states of the files is never
 *   published: the results come from one state.
 */
import { dedupeFindings, type Finding } from '../common/diagnostics';
import type { ProjectHost } from '../common/host';
import { checkPathSteps, type CheckResult } from '../project/check';
import type { DiscoveredFile } from '../project/discover';
import type { DeploymentModel } from '../project/model';
import type { DeployLensSettings } from '../../../shared/src/settings';

/** What one analysis found. */
export interface AnalysisResult {
  findings: Finding[];
  files: DiscoveredFile[];
  /** The deployment model of each folder (the fast path finds the configurations of a file there). */
  models: DeploymentModel[];
  /** Milliseconds spent analysing (excluding waits), wall clock and CPU. */
  ms: number;
  cpuMs: number;
}

/** What to analyse: the workspace folders and the open documents outside them. */
export interface AnalysisScope {
  roots: readonly string[];
  /** Open documents that no folder contains (each checked on its own). */
  loose: readonly string[];
  settingsFor(path: string): DeployLensSettings;
}

/** How long one slice of an analysis runs before the event loop gets a turn (requests, edits). */
const SLICE_MS = 25;

/**
 * A pause of a few turns of the event loop: a request read in the first turn is handled in an
 * immediate of the next (vscode-jsonrpc's message queue), and its answer is written in a third (the
 * writer's lock); one turn would leave it waiting for the next slice.
 */
async function breathe(): Promise<void> {
  for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Analyses the scope. Runs each unit (a folder or a loose file) in slices of about `SLICE_MS`
 * (`checkPathSteps` pauses between configurations, instances, apps and rules), yields to the event
 * loop between slices so that requests are answered while a long analysis runs, and returns undefined
 * as soon as `cancelled()` says a newer change arrived.
 */
export async function analyse(host: ProjectHost, scope: AnalysisScope, cancelled: () => boolean): Promise<AnalysisResult | undefined> {
  const findings: Finding[] = [];
  const files: DiscoveredFile[] = [];
  const models: DeploymentModel[] = [];
  let ms = 0;
  let cpuMs = 0;
  for (const unit of [...scope.roots, ...scope.loose]) {
    const steps = checkPathSteps(host, unit, scope.settingsFor(unit));
    let r: CheckResult | undefined;
    while (!r) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (;;) {
        const next = steps.next();
        if (next.done) r = next.value;
        if (next.done || performance.now() - t0 >= SLICE_MS) break;
      }
      ms += performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpuMs += (c.user + c.system) / 1000;
      await breathe();
      if (cancelled()) {
        steps.return(undefined as never);
        return undefined;
      }
    }
    findings.push(...r.findings);
    files.push(...r.files);
    if (r.model && scope.roots.includes(unit)) models.push(r.model);
  }
  return { findings: dedupeFindings(findings), files, models, ms, cpuMs };
}

/** The scheduler's collaborators. */
export interface SchedulerDeps {
  /** Debounce delay in milliseconds (0: run on the next turn of the event loop). */
  delayMs: number;
  /** Awaited before each run (Python parser init, first settings fetch). */
  prepare(): Promise<void>;
  /** The current scope (folders, loose open documents, settings). */
  scope(): AnalysisScope;
  host: ProjectHost;
  /** Receives each completed, non-superseded run, with the documents changed since the previous one. */
  publish(result: AnalysisResult, changed: ReadonlySet<string>): void;
  /** Reports a run that threw. */
  error(e: unknown): void;
}

/** Schedules, runs and cancels analyses. */
export interface Scheduler {
  /** Records a change (of `path`, when it is a document) and (re)starts the debounce timer. */
  schedule(path?: string): void;
  /** Runs now (after any pending change) and resolves with the result (undefined when superseded). */
  runNow(): Promise<AnalysisResult | undefined>;
  dispose(): void;
}

/** Creates a scheduler. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every change: a run compares it with the value it started from. */
  let requested = 0;
  let dirty = new Set<string>();
  let disposed = false;

  const run = async (): Promise<AnalysisResult | undefined> => {
    clearTimeout(timer);
    timer = undefined;
    const mine = requested;
    const stale = (): boolean => disposed || requested !== mine;
    try {
      await deps.prepare();
      if (stale()) return undefined;
      const changed = dirty;
      const result = await analyse(deps.host, deps.scope(), stale);
      if (!result || stale()) return undefined;
      dirty = new Set();
      deps.publish(result, changed);
      return result;
    } catch (e) {
      deps.error(e);
      return undefined;
    }
  };

  return {
    schedule(path) {
      if (disposed) return;
      requested++;
      if (path) dirty.add(path);
      clearTimeout(timer);
      timer = setTimeout(() => void run(), deps.delayMs);
    },
    runNow: () => run(),
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
