import type { Series } from "../metrics/Datapoint";
import { DEFAULT_FORECAST_OPTIONS, type Forecast, type ForecastOptions, MIN_HISTORY_S } from "./Forecast";
import { localTimeReader } from "./localTime";
import { recentRatio } from "./recentRatio";
import { buildSeasonalIndex, seasonalLoad } from "./SeasonalIndex";

/**
 * Forecasts a target's total ongoing requests for the next `horizonS` (default 48 h) in slots of `stepS`
 * (default 5 min), from its load history (epoch seconds, at 60 s or 300 s resolution, any order).
 *
 * Each slot's load is a high quantile (`dayQuantile`, default 0.75) of the same local time of day on past
 * days (same weekday when 3 are known, else weekdays and weekends apart when 2 of the kind are known, else
 * every day), never the highest or lowest day, so one odd day neither inflates nor erases the pattern; it is
 * then scaled by the recent level (see recentRatio), whose weight halves every `recentHalfLifeS` ahead. Only
 * datapoints strictly before `now` are used (no look-ahead).
 *
 * Returns null, never throws, for less than 24 h of usable history. Pure and deterministic: no clock, no I/O.
 * Throws RangeError only for bad options (a step that is not a positive integer, an unknown time zone).
 */
export function forecastLoad(args: {
  readonly history: Series;
  readonly now: number;
  readonly options?: Partial<ForecastOptions>;
}): Forecast | null {
  const options: ForecastOptions = { ...DEFAULT_FORECAST_OPTIONS, ...args.options };
  const { stepS, horizonS, timezone } = options;
  if (!Number.isInteger(stepS) || stepS <= 0)
    throw new RangeError(`stepS must be a positive integer, not ${stepS}`);
  const now = args.now;
  const localTime = localTimeReader(timezone);
  const index = buildSeasonalIndex({
    history: args.history,
    now,
    stepS,
    localTime,
    statistic: options.slotStatistic,
  });
  if (index.oldestS === null || now - index.oldestS < MIN_HISTORY_S) return null;

  const ratio = recentRatio({ index, now, localTime, options });
  const startS = Math.floor(now / stepS) * stepS;
  const count = Math.ceil(horizonS / stepS);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const slot = startS + i * stepS;
    const local = localTime(slot);
    const seasonal = seasonalLoad(index, local, local.day, options.dayQuantile) ?? 0;
    const weight = 0.5 ** (Math.max(0, slot - now) / options.recentHalfLifeS);
    values.push(Math.max(0, Math.round(seasonal * (1 + (ratio - 1) * weight) * 1000) / 1000));
  }
  return {
    madeAt: now,
    startS,
    stepS,
    values,
    recentRatio: Math.round(ratio * 1000) / 1000,
    historyS: now - index.oldestS,
    timezone,
  };
}
