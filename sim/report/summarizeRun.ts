import { sumTimelines } from "../model/sumTimelines";
import { timelineAt } from "../model/timelineAt";
import type { Timeline } from "../model/World";
import { percentile } from "../percentile";
import type { SimulationRun } from "../runSimulation";
import { controlPlaneCost } from "./controlPlaneCost";
import { latenessOf } from "./latenessOf";
import { PRICES, STOPPED_INSTANCE_HOUR } from "./PRICES";
import type { RunResult } from "./RunResult";

/** How long after a burst onset a raise of desired still counts as the reaction to it. */
const REACTION_WINDOW_S = 900;
/** A change of direction sooner than this after the previous change counts as a reversal. */
const REVERSAL_WINDOW_S = 600;

/**
 * The figures of a finished run: SLO violations and latency percentiles over every request arriving
 * from the trace's `measureFromS` on (one not finished counts as infinitely late), GPU-hours billed
 * from then to the trace's end, scale-out reaction, decision
 * lateness, scaling actions and reversals, control-plane use per target-hour; and per-minute series.
 */
export function summarizeRun(run: SimulationRun): RunResult {
  const { world, autoscaler } = run;
  const { trace, workload } = world;
  const all = workload.arrivals.length;
  const last = world.times[world.times.length - 1]!;
  const first = world.times[0]!;
  const measureFromS = trace.measureFromS ?? 0;
  const measuredFrom = world.start + measureFromS;
  const latencyS = new Float64Array(all);
  let unfinished = 0;
  let n = 0;
  for (let i = 0; i < all; i++) {
    const arrival = world.start + workload.arrivals[i]!;
    const end = trace.slo.metric === "ttft" ? first.first[i]! : last.done[i]!;
    // A request never served, or still in flight when the run stopped, missed the SLO.
    const finished = Number.isFinite(end) && end <= world.loop.now();
    latencyS[i] = finished ? end - arrival : Number.POSITIVE_INFINITY;
    if (arrival < measuredFrom) continue;
    n++;
    if (!finished) unfinished++;
  }
  const targetS = trace.slo.targetMs / 1000;
  // Only requests arriving from measureFromS on count (earlier days are the history to learn from).
  const measured = latencyS.subarray(all - n);
  let violations = 0;
  for (const x of measured) if (!(x <= targetS)) violations++;
  const sorted = Float64Array.from(measured);
  const pct = (q: number) => round(percentile(sorted, q) * 1000, 0);

  const gpuHours = world.pool.gpuSeconds(measuredFrom, world.end) / 3600;
  const stoppedHours = world.pool.stoppedSeconds(measuredFrom, world.end) / 3600;
  const decisions = world.decisions.filter((d) => d.at >= measuredFrom);
  const desired = sumTimelines(world.desired);
  const serving = sumTimelines(world.serving);

  const lateness = autoscaler.lateness(world).map(latenessOf);
  const hours = (world.loop.now() - world.start) / 3600;
  const usage = autoscaler.usage(world);
  const cost = controlPlaneCost(usage, hours, trace.stages.length);

  return {
    summary: {
      trace: trace.name,
      policy: autoscaler.id,
      label: autoscaler.label,
      seed: run.seed,
      requests: n,
      unfinished,
      slo: {
        metric: trace.slo.metric,
        targetMs: trace.slo.targetMs,
        violationsPct: round((100 * violations) / Math.max(1, n), 3),
      },
      latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
      gpuHours: round(gpuHours, 2),
      gpuCost: round(gpuHours * PRICES.gpuHour, 2),
      stoppedInstanceHours: round(stoppedHours, 2),
      stoppedCost: round(stoppedHours * STOPPED_INSTANCE_HOUR, 2),
      reaction: reaction(
        trace.onsets.filter((o) => o >= measureFromS).map((o) => world.start + o),
        desired,
        serving,
      ),
      lateness:
        lateness.length === 0
          ? null
          : {
              decisions: lateness.length,
              p50S: round(percentile([...lateness], 0.5), 2),
              p99S: round(percentile([...lateness], 0.99), 2),
              maxS: round(Math.max(...lateness), 2),
            },
      scalingActions: decisions.length,
      reversals: reversals(decisions),
      controlPlane: {
        callsPerTargetHour: cost.callsPerTargetHour,
        costPerTargetHour: cost.costPerTargetHour,
        costBreakdownPerTargetHour: cost.breakdown,
        notes: usage.notes,
      },
      simulatedDays: round(trace.durationS / 86400, 4),
      measuredFromS: measureFromS,
      wallMs: Math.round(run.wallMs),
    },
    series: series(run, latencyS, targetS, desired, serving),
  };
}

function reaction(onsets: readonly number[], desired: Timeline, serving: Timeline) {
  const toDesired: number[] = [];
  const toServing: number[] = [];
  for (const onset of onsets) {
    const before = timelineAt(desired, onset);
    const i = desired.t.findIndex(
      (t, k) => t > onset && t <= onset + REACTION_WINDOW_S && desired.v[k]! > before,
    );
    if (i < 0) continue;
    const raisedAt = desired.t[i]!;
    const raisedTo = desired.v[i]!;
    toDesired.push(raisedAt - onset);
    const j = serving.t.findIndex((t, k) => t >= raisedAt && serving.v[k]! >= raisedTo);
    // Serving may already match if capacity was on its way; then it serves at the raise.
    const servedAt = timelineAt(serving, raisedAt) >= raisedTo ? raisedAt : j >= 0 ? serving.t[j]! : null;
    if (servedAt !== null) toServing.push(servedAt - onset);
  }
  const med = (xs: number[]) => (xs.length === 0 ? null : round(percentile([...xs], 0.5), 1));
  const max = (xs: number[]) => (xs.length === 0 ? null : round(Math.max(...xs), 1));
  return {
    onsets: onsets.length,
    raised: toDesired.length,
    desiredMedianS: med(toDesired),
    desiredMaxS: max(toDesired),
    servingMedianS: med(toServing),
    servingMaxS: max(toServing),
  };
}

function reversals(decisions: readonly { stage: number; at: number; from: number; to: number }[]): number {
  const last = new Map<number, { at: number; up: boolean }>();
  let count = 0;
  for (const d of decisions) {
    const up = d.to > d.from;
    const prev = last.get(d.stage);
    if (prev && prev.up !== up && d.at - prev.at < REVERSAL_WINDOW_S) count++;
    last.set(d.stage, { at: d.at, up });
  }
  return count;
}

function series(
  run: SimulationRun,
  latencyS: Float64Array,
  targetS: number,
  desired: Timeline,
  serving: Timeline,
) {
  const { world, autoscaler } = run;
  const minutes = Math.ceil(world.trace.durationS / 60);
  const arrivals = new Array<number>(minutes).fill(0);
  const violations = new Array<number>(minutes).fill(0);
  const buckets: number[][] = Array.from({ length: minutes }, () => []);
  const a = world.workload.arrivals;
  for (let i = 0; i < a.length; i++) {
    const m = Math.min(minutes - 1, Math.floor(a[i]! / 60));
    arrivals[m]! += 1;
    if (!(latencyS[i]! <= targetS)) violations[m]! += 1;
    buckets[m]!.push(latencyS[i]! * 1000);
  }
  const at = (m: number) => world.start + (m + 1) * 60;
  return {
    policy: autoscaler.id,
    label: autoscaler.label,
    rps: arrivals.map((c) => round(c / 60, 4)),
    desired: Array.from({ length: minutes }, (_, m) => timelineAt(desired, at(m))),
    serving: Array.from({ length: minutes }, (_, m) => timelineAt(serving, at(m))),
    gpus: runningGpus(world, minutes),
    windows: [],
    latencyP95Ms: buckets.map((b) => (b.length === 0 ? null : round(percentile(b, 0.95), 0))),
    violations,
  };
}

/** GPUs billed (instances running) at each minute's end. */
function runningGpus(world: SimulationRun["world"], minutes: number): number[] {
  const delta = new Float64Array(minutes + 1);
  for (const instance of world.pool.instances) {
    for (const run of instance.runs) {
      // Minute m's end is start + (m + 1) * 60; the instance counts there when run.from <= it < run.to.
      const first = Math.max(0, Math.ceil((run.from - world.start) / 60) - 1);
      const endAt = run.to === null ? Number.POSITIVE_INFINITY : (run.to - world.start) / 60;
      const last = Math.min(minutes, Math.ceil(endAt) - 1);
      if (last <= first) continue;
      delta[first]! += instance.gpus;
      delta[last]! -= instance.gpus;
    }
  }
  const out: number[] = [];
  let n = 0;
  for (let m = 0; m < minutes; m++) {
    n += delta[m]!;
    out.push(n);
  }
  return out;
}

function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
