import { GPU_INSTANCE, LLM_STAGE } from "./llmStage";
import type { Trace } from "./Trace";

/** Sunday 2026-06-07 00:00 UTC: outside any weekday schedule, so the autoscalers alone are compared. */
export const WEEKEND_START = Date.UTC(2026, 5, 7, 0, 0, 0) / 1000;

/**
 * A flash crowd: 2 hours of quiet traffic (0.06 requests/s, about one replica's worth at a third of
 * its target) that rises 10x within 30 s at minute 30, holds for 45 minutes, and falls back over 5.
 */
export function flashCrowdTrace(): Trace {
  const base = 0.06;
  const onset = 1800;
  return {
    name: "flash-crowd",
    description: "0.06 requests/s rising 10x within 30 s at minute 30, for 45 minutes",
    start: WEEKEND_START,
    durationS: 2 * 3600,
    timezone: "UTC",
    rate: [
      { t: 0, rps: base },
      { t: onset, rps: base },
      { t: onset + 30, rps: base * 10 },
      { t: onset + 30 + 45 * 60, rps: base * 10 },
      { t: onset + 30 + 50 * 60, rps: base },
      { t: 2 * 3600, rps: base },
    ],
    onsets: [onset],
    slo: { metric: "ttft", targetMs: 2000 },
    stages: [LLM_STAGE],
    instance: GPU_INSTANCE,
  };
}
