import type { RatePoint, StageSpec, Trace } from "../../sim/traces/Trace";

/** A deterministic stage: fixed service time, no prefill, no variability (for exact timing tests). */
export function fixedStage(overrides: Partial<StageSpec> = {}): StageSpec {
  return {
    name: "svc",
    firstOutput: { meanS: 0, cv: 0 },
    service: { meanS: 1, cv: 0 },
    maxOngoingRequests: 100,
    batchSlowdown: 0,
    modelLoadS: [60, 60],
    gpusPerReplica: 1,
    ...overrides,
  };
}

/** A small trace on a weekday at 00:00 UTC with the given rate and one stage. */
export function tinyTrace(
  rate: readonly RatePoint[],
  durationS: number,
  stage: StageSpec = fixedStage(),
): Trace {
  return {
    name: "tiny",
    description: "test trace",
    start: Date.UTC(2026, 5, 2, 0, 0, 0) / 1000,
    durationS,
    timezone: "UTC",
    rate,
    onsets: [],
    slo: { metric: "ttft", targetMs: 2000 },
    stages: [stage],
    instance: { type: "test", gpus: 1, bootS: [200, 200] },
  };
}

/** A Ray-fields policy body for the simulator. */
export function rayFields(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 4,
    target_ongoing_requests: 10,
    upscale_delay_s: 30,
    downscale_delay_s: 300,
    ...extra,
  };
}
