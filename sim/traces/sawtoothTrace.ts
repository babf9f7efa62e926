import { WEEKEND_START } from "./flashCrowdTrace";
import { GPU_INSTANCE, LLM_STAGE } from "./llmStage";
import type { RatePoint, Trace } from "./Trace";

/**
 * Oscillation bait: every 15 minutes the rate jumps within 10 s from 0.06 to 0.6 requests/s and decays
 * linearly back. The period is close to upscale delay + cold start + downscale delay, so an autoscaler
 * that reacts late adds capacity as the load leaves and removes it as the next tooth arrives.
 */
export function sawtoothTrace(): Trace {
  const lo = 0.06;
  const hi = 0.6;
  const period = 900;
  const rate: RatePoint[] = [{ t: 0, rps: lo }];
  const onsets: number[] = [];
  for (let start = 0; start < 6 * 3600; start += period) {
    rate.push({ t: start + 10, rps: hi }, { t: start + period, rps: lo });
    onsets.push(start);
  }
  return {
    name: "sawtooth",
    description: "every 15 min a jump from 0.06 to 0.6 requests/s and a linear decay (oscillation bait)",
    start: WEEKEND_START,
    durationS: 6 * 3600,
    timezone: "UTC",
    rate,
    onsets,
    slo: { metric: "ttft", targetMs: 2000 },
    stages: [LLM_STAGE],
    instance: GPU_INSTANCE,
  };
}
