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
  if (!forecast.acts || forecast.replicas <= replicas)
    return {
      replicas,
      state: traced(state, { step: "forecast", out: replicas, note: forecastNote(forecast) }),
    };
  // The floor sets the count: say what the steps before it had decided, so the reason shows what it added.
  const note = forecastNote(forecast, replicas);
  const cause: Cause = { step: "forecast", why: note, short: `forecast floor ${forecast.replicas}` };
  return {
    replicas: forecast.replicas,
    state: traced(state, { step: "forecast", out: forecast.replicas, note }, { cause }),
  };
};

/**
 * E.g. `forecast needs 4 replicas at 09:28 UTC (forecast made 09:00 UTC)`, `... (forecast_only: not acted
 * on)`, or, where the floor raised the decision the steps before it made (`without`), `... (forecast made 09:00
 * UTC; 2 without the floor)`.
 */
export function forecastNote(forecast: ForecastFloorInput, without?: number): string {
  const made = `forecast made ${clockTime(forecast.madeAt)}`;
  const acting = !forecast.acts
    ? `${made}; forecast_only: not acted on`
    : without === undefined
      ? made
      : `${made}; ${without} without the floor`;
  return `forecast needs ${forecast.replicas} replicas at ${clockTime(forecast.at)} (${acting})`;
}

const DAY_MS = 86_400_000;
/** Years 0000 to 9999, where toISOString's time sits at characters 11-16 (outside, the year takes 6 digits and a sign). */
const FOUR_DIGIT_YEARS_MS = [-62_167_219_200_000, 253_402_300_800_000] as const;

/**
 * HH:MM UTC of an epoch second (pure: the zone is fixed), as `Date#toISOString` gives it, but by integer
 * arithmetic on the millisecond Date would hold: every round's trace names two such times, and building a
 * Date and its ISO string for each was a few percent of a simulated day.
 */
export function clockTime(atS: number): string {
  const ms = Math.trunc(atS * 1000); // Date truncates to whole milliseconds
  if (!(ms >= FOUR_DIGIT_YEARS_MS[0] && ms < FOUR_DIGIT_YEARS_MS[1]))
    return `${new Date(atS * 1000).toISOString().slice(11, 16)} UTC`;
  const ofDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  const hours = Math.floor(ofDay / 3_600_000);
  const minutes = Math.floor((ofDay % 3_600_000) / 60_000);
  return `${hours < 10 ? "0" : ""}${hours}:${minutes < 10 ? "0" : ""}${minutes} UTC`;
}
