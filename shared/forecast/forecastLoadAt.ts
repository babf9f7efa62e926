import type { Forecast } from "./Forecast";

/**
 * The peak forecast load over the slots overlapping [fromS, toS] (epoch seconds, inclusive), or null when
 * the forecast covers none of them (a stale or too-short forecast gives no floor, never a guess).
 */
export function forecastPeakBetween(forecast: Forecast, fromS: number, toS: number): number | null {
  const first = Math.max(0, Math.floor((fromS - forecast.startS) / forecast.stepS));
  const last = Math.min(forecast.values.length - 1, Math.floor((toS - forecast.startS) / forecast.stepS));
  if (last < first || toS < fromS) return null;
  let peak = 0;
  for (let i = first; i <= last; i++) peak = Math.max(peak, forecast.values[i] ?? 0);
  return peak;
}
