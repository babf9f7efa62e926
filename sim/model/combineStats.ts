import type { PeriodStats } from "./PeriodStats";

/** Merges consecutive periods into one (a 60 s datapoint from six 10 s ones): averages weighted by time. */
export function combineStats(parts: readonly PeriodStats[]): PeriodStats {
  const first = parts[0];
  if (!first) throw new RangeError("combineStats needs at least one period");
  let periodS = 0;
  let serving = 0;
  let running = 0;
  let queued = 0;
  const firstOutputMs: number[] = [];
  const latencyMs: number[] = [];
  for (const p of parts) {
    periodS += p.periodS;
    serving += p.servingAvg * p.periodS;
    running += p.runningAvg * p.periodS;
    queued += p.queuedAvg * p.periodS;
    for (const v of p.firstOutputMs) firstOutputMs.push(v);
    for (const v of p.latencyMs) latencyMs.push(v);
  }
  return {
    t: first.t,
    periodS,
    servingAvg: serving / periodS,
    runningAvg: running / periodS,
    queuedAvg: queued / periodS,
    firstOutputMs,
    latencyMs,
  };
}
