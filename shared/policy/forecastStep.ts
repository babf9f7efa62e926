import type { ForecastFloorInput } from "./decide";
import { type Cause, type PolicyStep, traced } from "./PolicyStep";

/**
 * The forecast floor: max(decision so far, replicas the forecast needs at now + lead_time_s), in mode
 * forecast_and_scale. It runs after the delays, so a raise is never kept waiting by upscale_delay_s (the
 * point is to be early), and a scale-down stops at the floor while it holds (as AWS predictive scaling, a
 * forecast never scales in: it only keeps the count from going below it). Bounds, limits and ceilings
 * still apply after it. forecast_only traces the floor without acting; no forecast: no step at all.
 */
export const forecastStep: PolicyStep = (replicas, { input }, state) => {
  const { forecast } = input;
  if (forecast === undefined) return { replicas, state };
  const note = forecastNote(forecast);
  if (!forecast.acts || forecast.replicas <= replicas)
    return { replicas, state: traced(state, { step: "forecast", out: replicas, note }) };
  const cause: Cause = { step: "forecast", why: note, short: `forecast floor ${forecast.replicas}` };
  return {
    replicas: forecast.replicas,
    state: traced(state, { step: "forecast", out: forecast.replicas, note }, { cause }),
  };
};

/** E.g. `forecast needs 4 replicas at 09:28 UTC (forecast made 09:00 UTC)`, `... (forecast_only: not acted on)`. */
export function forecastNote(forecast: ForecastFloorInput): string {
  const made = `forecast made ${clockTime(forecast.madeAt)}`;
  const acting = forecast.acts ? made : `${made}; forecast_only: not acted on`;
  return `forecast needs ${forecast.replicas} replicas at ${clockTime(forecast.at)} (${acting})`;
}

/** HH:MM UTC of an epoch second (pure: the zone is fixed). */
export function clockTime(atS: number): string {
  return `${new Date(atS * 1000).toISOString().slice(11, 16)} UTC`;
}
