import type { StageSpec, Trace } from "../traces/Trace";
import type { Workload } from "../traces/Workload";

/** The oracle's bins: needs are computed per 10 s of the trace. */
export const IDEAL_BIN_S = 10;

/**
 * Replicas each stage needs per 10 s bin, known from the requests themselves (the trace's true
 * arrivals and work): every request occupies a slot from its arrival at the stage for its prefill plus
 * its decode slowed to a batch of `targets[k]` (no queueing, the best case); a bin needs
 * ceil(mean occupied slots / target). A request reaches stage k + 1 when stage k would finish it.
 */
export function idealReplicas(trace: Trace, workload: Workload, targets: readonly number[]): Int32Array[] {
  const bins = Math.ceil(trace.durationS / IDEAL_BIN_S) + 1;
  const n = workload.arrivals.length;
  const arriveAt = Float64Array.from(workload.arrivals);
  return trace.stages.map((stage, k) => {
    const busy = new Float64Array(bins);
    const target = targets[k]!;
    for (let i = 0; i < n; i++) {
      const from = arriveAt[i]!;
      const to = from + occupancyS(stage, workload.firstOutputS[k]![i]!, workload.serviceS[k]![i]!, target);
      addOverlap(busy, from, to);
      arriveAt[i] = to;
    }
    const needed = new Int32Array(bins);
    for (let b = 0; b < bins; b++) needed[b] = Math.ceil(busy[b]! / IDEAL_BIN_S / target - 1e-9);
    return needed;
  });
}

/** Seconds a request holds a replica slot with `batch` requests sharing the replica, no queueing. */
function occupancyS(stage: StageSpec, firstS: number, serviceS: number, batch: number): number {
  if (stage.tokens) return firstS + serviceS * (1 + stage.tokens.decodeBatchSlowdown * (batch - 1));
  return (firstS + serviceS) * (1 + stage.batchSlowdown * (batch - 1));
}

/** Adds the seconds of [from, to) that fall in each bin. */
function addOverlap(busy: Float64Array, from: number, to: number): void {
  const last = busy.length - 1;
  let b = Math.min(last, Math.floor(from / IDEAL_BIN_S));
  let t = from;
  while (t < to && b <= last) {
    const binEnd = (b + 1) * IDEAL_BIN_S;
    const until = b === last ? to : Math.min(to, binEnd);
    busy[b]! += until - t;
    t = until;
    b++;
  }
}
