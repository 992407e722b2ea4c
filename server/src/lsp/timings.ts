/**
 * Durations of the server's work, wall clock and CPU, kept for the last runs of each kind: the fast
 * path of an edit (`quick`), a whole-workspace analysis (`analysis`) and its publication (`publish`).
 * `deploylens/debug/timings` returns them (bench/lsp.mjs reads them: on a busy machine the CPU time
 * is the server's own cost, the wall clock also counts waiting for a core).
 */

/** One kind of work's samples. */
export interface TimingSamples {
  wallMs: number[];
  cpuMs: number[];
}

/** The recorder. */
export interface Timings {
  /** Starts a measurement; the returned function records it under `kind`. */
  start(): (kind: string) => void;
  record(kind: string, wallMs: number, cpuMs: number): void;
  snapshot(): Record<string, TimingSamples>;
}

const KEEP = 1000;

/** Creates an empty recorder. */
export function createTimings(): Timings {
  const byKind = new Map<string, TimingSamples>();
  const record = (kind: string, wallMs: number, cpuMs: number): void => {
    let s = byKind.get(kind);
    if (!s) byKind.set(kind, (s = { wallMs: [], cpuMs: [] }));
    s.wallMs.push(wallMs);
    s.cpuMs.push(cpuMs);
    if (s.wallMs.length > KEEP) {
      s.wallMs.shift();
      s.cpuMs.shift();
    }
  };
  return {
    start() {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      return (kind) => {
        const c = process.cpuUsage(c0);
        record(kind, performance.now() - t0, (c.user + c.system) / 1000);
      };
    },
    record,
    snapshot: () => Object.fromEntries([...byKind].map(([k, v]) => [k, { wallMs: [...v.wallMs], cpuMs: [...v.cpuMs] }])),
  };
}
