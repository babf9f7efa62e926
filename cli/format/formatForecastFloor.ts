import type { ForecastFloorInput } from "../../shared/policy/decide";
import { formatTime } from "./formatTime";

/**
 * A decision's forecast floor, for `status` and `explain`, e.g.
 * `forecast: 4 replicas at 2026-12-01T09:28:00Z (in 300 s) (forecast_only: not acted on), made ...`.
 */
export function formatForecastFloor(forecast: ForecastFloorInput, now: number): string {
  const mode = forecast.acts
    ? "forecast_and_scale: a floor under the decision"
    : "forecast_only: not acted on";
  return `forecast: ${forecast.replicas} replicas at ${formatTime(forecast.at, now)} (${mode}), made ${formatTime(forecast.madeAt, now)}`;
}
