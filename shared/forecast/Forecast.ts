/**
 * A load forecast: `values[i]` is the total ongoing requests expected during the slot
 * [startS + i * stepS, startS + (i + 1) * stepS) (epoch seconds): the mean of the slot's datapoints by
 * default, or their peak (ForecastOptions.slotStatistic).
 */
export interface Forecast {
  /** The `now` the forecast was made at; it used only datapoints strictly before it. */
  readonly madeAt: number;
  /** Start of the first slot: `madeAt` rounded down to a multiple of `stepS`. */
  readonly startS: number;
  readonly stepS: number;
  /** Forecast load per slot, rounded to 3 decimals, never negative. */
  readonly values: readonly number[];
  /** The bounded ratio of the last hour's load to what the history forecast for it (1: no evidence). */
  readonly recentRatio: number;
  /** Seconds of history the forecast stood on (now minus the oldest datapoint used). */
  readonly historyS: number;
  /** The IANA zone whose local days and times of day the slots were matched by. */
  readonly timezone: string;
}

/** How a forecast is made; every field has a default (see DEFAULT_FORECAST_OPTIONS). */
export interface ForecastOptions {
  /** Slot length in seconds (default 300: CloudWatch's resolution beyond 15 days). */
  readonly stepS: number;
  /** How far ahead the forecast reaches (default 48 h). */
  readonly horizonS: number;
  /** IANA zone for days of the week and times of day (default UTC). */
  readonly timezone: string;
  /** Window of the recent level (default 3600 s: the last hour). */
  readonly recentWindowS: number;
  /** Bounds of the recent-level ratio (default 0.5 .. 2). */
  readonly minRecentRatio: number;
  readonly maxRecentRatio: number;
  /** Below this forecast load over the recent window, the ratio is noise and taken as 1 (default 1). */
  readonly minRecentBaseline: number;
  /** The recent level's weight halves every this many seconds ahead (default 6 h). */
  readonly recentHalfLifeS: number;
  /**
   * A slot's value from its datapoints: "mean" (default: what the reactive policy sizes for) or "peak" (a
   * burst inside a slot is sized for, at the price of sizing every slot for its noisiest minute). Chosen by
   * measurement on market-hours (first 12 of 15 days): see the README's `predictive` section.
   */
  readonly slotStatistic: "peak" | "mean";
}

/** Less history than this gives no forecast (AWS predictive scaling needs 24 h too). */
export const MIN_HISTORY_S = 24 * 3600;

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = {
  stepS: 300,
  horizonS: 48 * 3600,
  timezone: "UTC",
  recentWindowS: 3600,
  minRecentRatio: 0.5,
  maxRecentRatio: 2,
  minRecentBaseline: 1,
  recentHalfLifeS: 6 * 3600,
  slotStatistic: "mean",
};
