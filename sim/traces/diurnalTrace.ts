import { WEEKEND_START } from "./flashCrowdTrace";
import { GPU_INSTANCE, LLM_STAGE } from "./llmStage";
import type { RatePoint, Trace } from "./Trace";

/** A smooth day: a raised cosine from 0.03 requests/s at 04:00 to 0.5 at 16:00 (no bursts). */
export function diurnalTrace(): Trace {
  const lo = 0.03;
  const hi = 0.5;
  const rate: RatePoint[] = [];
  for (let t = 0; t <= 24 * 3600; t += 600) {
    const phase = (2 * Math.PI * (t - 4 * 3600)) / (24 * 3600);
    rate.push({ t, rps: lo + ((hi - lo) * (1 - Math.cos(phase))) / 2 });
  }
  return {
    name: "diurnal",
    description: "a raised cosine between 0.03 (04:00) and 0.5 requests/s (16:00)",
    start: WEEKEND_START,
    durationS: 24 * 3600,
    timezone: "UTC",
    rate,
    onsets: [],
    slo: { metric: "ttft", targetMs: 2000 },
    stages: [LLM_STAGE],
    instance: GPU_INSTANCE,
  };
}
