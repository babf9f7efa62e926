import type { ForecastOptions } from "./Forecast";
import type { LocalTime } from "./localTime";
import { type SeasonalIndex, seasonalLoad } from "./SeasonalIndex";

/**
 * How busy the recent window is compared with what the history forecasts for it: mean load of the whole
 * slots in [now - recentWindowS, now) over the mean seasonal load of the same slots (each from the days
 * before its own), clamped to [minRecentRatio, maxRecentRatio]. 1 (no evidence) when fewer than half the
 * window's slots have data or the forecast for the window is below minRecentBaseline (a quiet hour's
 * ratio is noise). A quiet holiday so shrinks the pre-warm, and a busier day grows it.
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
  return Math.min(options.maxRecentRatio, Math.max(options.minRecentRatio, actual / expected));
}
