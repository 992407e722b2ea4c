/**
 * Live diagnostics, push model. One function analyses the whole workspace (`project/check.ts`
 * `checkPath` per workspace folder, plus open documents outside every folder): findings for any
 * file may come from any other (an include, the gunicorn bind an nginx site proxies to), so every
 * change re-runs it and diagnostics are pushed for every file whose findings changed.
 *
 * - Debounced: changes within `delayMs` make one run.
 * - Cancelled when superseded: a run yields between folders and stops as soon as a newer change
 *   arrived (its results are never published); the newer change schedules its own run.
 * - Never stale: results are published in the order runs complete, each run sees one snapshot of
 *   the open documents, and a run that was superseded publishes nothing.
 */
import { dedupeFindings, type Finding } from '../common/diagnostics';
import type { ProjectHost } from '../common/host';
import { checkPath } from '../project/check';
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

/**
 * Analyses the scope. Yields to the event loop between units (a folder or a loose file) and
 * returns undefined as soon as `cancelled()` says a newer change arrived.
 */
export async function analyse(host: ProjectHost, scope: AnalysisScope, cancelled: () => boolean): Promise<AnalysisResult | undefined> {
  const findings: Finding[] = [];
  const files: DiscoveredFile[] = [];
  const models: DeploymentModel[] = [];
  let ms = 0;
  let cpuMs = 0;
  const units = [...scope.roots, ...scope.loose];
  for (let i = 0; i < units.length; i++) {
    if (i > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (cancelled()) return undefined;
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = checkPath(host, units[i], scope.settingsFor(units[i]));
    ms += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuMs += (c.user + c.system) / 1000;
    findings.push(...r.findings);
    files.push(...r.files);
    if (r.model && scope.roots.includes(units[i])) models.push(r.model);
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
