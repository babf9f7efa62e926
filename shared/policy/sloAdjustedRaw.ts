import type { Slo } from "./PolicySchema";

export interface SloAdjustment {
  readonly raw: number;
  readonly note: string;
}

/** What the SLO step reads: the raw desired count, what runs, the latency reading and the SLO. */
export interface SloArgs {
  readonly raw: number;
  readonly currentReplicas: number;
  /** The SLO latency aggregated over the look-back window (ms); null or undefined when unreadable. */
  readonly latencyMs: number | null | undefined;
  readonly slo: Slo;
}

/**
 * The SLO step (remaining-slack policy): when latency exceeds its target, want at least
 * current x urgency replicas, urgency = min(max_urgency, 1 + gain x deficit / target); while
 * slack is not ample (latency above scale_down_below x target) never want fewer than current.
 * Missing latency changes nothing: the load signal still decides.
 */
export function sloAdjustedRaw(args: SloArgs): SloAdjustment {
  const { raw, currentReplicas, latencyMs, slo } = args;
  if (latencyMs === null || latencyMs === undefined || !Number.isFinite(latencyMs) || latencyMs < 0) {
    return { raw, note: "no latency reading; load alone decides" };
  }
  const slackMs = slo.target_ms - latencyMs;
  if (slackMs < 0) {
    const urgency = Math.min(slo.max_urgency, 1 + (slo.gain * -slackMs) / slo.target_ms);
    const wanted = Math.max(raw, currentReplicas * urgency);
    return {
      raw: wanted,
      note: `latency ${round(latencyMs)} ms over target ${slo.target_ms} ms: urgency ${round(urgency)} wants >= ${round(currentReplicas * urgency)}`,
    };
  }
  if (latencyMs > slo.scale_down_below * slo.target_ms && raw < currentReplicas) {
    return {
      raw: currentReplicas,
      note: `slack ${round(slackMs)} ms not ample (latency above ${slo.scale_down_below} x target): no scale-down`,
    };
  }
  return { raw, note: `slack ${round(slackMs)} ms` };
}

const round = (x: number) => Math.round(x * 100) / 100;
