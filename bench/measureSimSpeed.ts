import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { RunResult } from "../sim/report/RunResult";

/** How fast one simulated run goes: the best of several, since the machine may be shared. */
export interface SimSpeed {
  /** Simulated days per run. */
  readonly days: number;
  readonly runs: number;
  /** Wall-clock milliseconds of the fastest run. */
  readonly bestWallMs: number;
  /** CPU milliseconds of the cheapest run: the whole process's, GC helper threads included. */
  readonly bestCpuMs: number;
  readonly daysPerSecond: number;
  /**
   * Simulated days per CPU-second: what one core would do with the machine to itself (the goal's figure).
   * Other processes on a shared machine stretch wall time, not the CPU time a run takes.
   */
  readonly daysPerCpuSecond: number;
  /** CPU milliseconds of the first run (the cold one, when it is the process's first: the compiler still at work). */
  readonly firstCpuMs: number;
  /** Simulated days per CPU-second of the first run. */
  readonly firstDaysPerCpuSecond: number;
  /** Fingerprints of the results (summary and series, without wall time): one unless runs differed. */
  readonly fingerprints: readonly string[];
}

/**
 * Times `run` (one complete run, from policy validation to its summary, as `driftless simulate` makes it)
 * `runs` times on `days` simulated days: wall clock and process CPU time around each call, best of the runs.
 */
export async function measureSimSpeed(args: {
  readonly days: number;
  readonly runs: number;
  readonly run: () => Promise<RunResult>;
}): Promise<SimSpeed> {
  const { days, runs } = args;
  let bestWallMs = Number.POSITIVE_INFINITY;
  let bestCpuMs = Number.POSITIVE_INFINITY;
  let firstCpuMs = Number.NaN;
  const fingerprints = new Set<string>();
  for (let k = 0; k < runs; k++) {
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const result = await args.run();
    bestWallMs = Math.min(bestWallMs, performance.now() - wallBefore);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (k === 0) firstCpuMs = cpuMs;
    bestCpuMs = Math.min(bestCpuMs, cpuMs);
    fingerprints.add(resultsFingerprint(result));
  }
  return {
    days,
    runs,
    bestWallMs,
    bestCpuMs,
    daysPerSecond: days / (bestWallMs / 1000),
    daysPerCpuSecond: days / (bestCpuMs / 1000),
    firstCpuMs,
    firstDaysPerCpuSecond: days / (firstCpuMs / 1000),
    fingerprints: [...fingerprints],
  };
}

/** A short hash of a run's results without its wall time: equal when no decision or figure changed. */
export function resultsFingerprint(result: RunResult): string {
  const { wallMs: _, ...summary } = result.summary;
  return createHash("sha256")
    .update(JSON.stringify({ summary, series: result.series }))
    .digest("hex")
    .slice(0, 12);
}
