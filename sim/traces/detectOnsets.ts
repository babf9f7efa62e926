import type { RatePoint } from "./Trace";

/** Burst onsets: where the per-minute rate at least doubles within 2 minutes. */
export function detectOnsets(rate: readonly RatePoint[]): number[] {
  const onsets: number[] = [];
  for (let i = 0; i < rate.length; i++) {
    const a = rate[i]!;
    for (let j = i + 1; j < rate.length && rate[j]!.t - a.t <= 120; j++) {
      if (rate[j]!.rps >= 2 * a.rps && rate[j]!.rps - a.rps > 0.01) {
        if (onsets.length === 0 || a.t - onsets[onsets.length - 1]! >= 300) onsets.push(a.t);
        break;
      }
    }
  }
  return onsets;
}
