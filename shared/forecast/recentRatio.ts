import type { ForecastOptions } from "./Forecast";
import type { LocalTime } from "./localTime";
import { type SeasonalIndex, seasonalLoad } from "./SeasonalIndex";

/**
 * How busy the recent window is compared with what the history forecasts for it: mean load of the whole
 * slots in [now - recentWindowS, now) over the mean median seasonal load of the same slots (each from the
 * days before its own), clamped to [minRecentRatio, maxRecentRatio]. 1 (no evidence) when fewer than half
 * the window's slots have data, when the forecast for the window is below minRecentBaseline (a quiet hour's
 * ratio is noise), or when the ratio is inside the dead band (1 / recentDeadBand, recentDeadBand): an hour
 * with a burst or a lull in it does not foretell the next hours. A holiday (far quieter) so shrinks the
 * pre-warm, and a day of several times the load grows it.
 */
export function recentRatio(args: {
  readonly index: SeasonalIndex;
  readonly now: number;
  readonly localTime: (atS: number) => LocalTime;
  readonly options: ForecastOptions;
}): number {
  const { index, now, localTime, options } = args;
  const { stepS } = index;
  const end = Math.floor(now / stepS) * stepS;
  const slotCount = Math.max(1, Math.round(options.recentWindowS / stepS));
  let actual = 0;
  let expected = 0;
  let paired = 0;
  for (let start = end - slotCount * stepS; start < end; start += stepS) {
    const observed = index.peakAt(start);
    if (observed === undefined) continue;
    const local = localTime(start);
    const seasonal = seasonalLoad(index, local, local.day);
    if (seasonal === null) continue;
    actual += observed;
    expected += seasonal;
    paired++;
  }
  if (paired * 2 < slotCount || expected / paired < options.minRecentBaseline) return 1;
  const ratio = actual / expected;
  // Within the dead band the hour is the history's own noise (a burst, a lull), not a new level.
  if (ratio < options.recentDeadBand && ratio > 1 / options.recentDeadBand) return 1;
  return Math.min(options.maxRecentRatio, Math.max(options.minRecentRatio, ratio));
}
