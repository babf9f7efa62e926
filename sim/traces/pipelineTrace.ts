import { WEEKEND_START } from "./flashCrowdTrace";
import { GPU_INSTANCE } from "./llmStage";
import type { RatePoint, StageSpec, Trace } from "./Trace";

/** A stage of seed 003's pipeline: its mean time, variability, share of the SLA. */
function stage(name: string, meanS: number, cv: number, budgetShare: number): StageSpec {
  return {
    name,
    // Not a streaming model: the whole processing is service time, first output at the end.
    firstOutput: { meanS: 0, cv: 0 },
    service: { meanS, cv },
    spike: { probability: 0.05, factor: [2, 3] },
    maxOngoingRequests: 4,
    batchSlowdown: 0.05,
    modelLoadS: [30, 90],
    gpusPerReplica: 1,
    budgetShare,
  };
}

/**
 * Seed 003's sequential pipeline: three models in a row with a 3 s end-to-end SLA, budgets 25/45/30 %.
 * The blog's base times (3 s, 5 s, 4 s) cannot meet a 3 s SLA, so they are scaled by 0.1 keeping their
 * ratio and variability (40/50/45 %), with 5 % of requests spiking 2-3x. The rate climbs the blog's
 * sweep, 5 to 30 requests/s in 20-minute steps, with a 1-minute 1.8x spike every 15 minutes.
 */
export function pipelineTrace(): Trace {
  const rate: RatePoint[] = [];
  const onsets: number[] = [];
  const steps = [5, 10, 15, 20, 25, 30];
  const spikeAt = (t: number) => t % 900 >= 420 && t % 900 < 480;
  // A point every 30 s carries both the steps (30 s ramps) and the spikes.
  let prev = 0;
  for (let t = 0; t <= 2 * 3600; t += 30) {
    const level = steps[Math.min(steps.length - 1, Math.floor(t / 1200))]!;
    const rps = spikeAt(t) ? level * 1.8 : level;
    if (t > 0 && rps > prev * 1.3) onsets.push(t - 30);
    rate.push({ t, rps });
    prev = rps;
  }
  return {
    name: "pipeline",
    description:
      "3 sequential models (3 s end-to-end SLA, budgets 25/45/30 %), 5 to 30 requests/s (seed 003)",
    start: WEEKEND_START,
    durationS: 2 * 3600,
    timezone: "UTC",
    rate,
    onsets,
    slo: { metric: "e2e", targetMs: 3000 },
    stages: [
      stage("stage1", 0.3, 0.4, 0.25),
      stage("stage2", 0.5, 0.5, 0.45),
      stage("stage3", 0.4, 0.45, 0.3),
    ],
    instance: GPU_INSTANCE,
  };
}
