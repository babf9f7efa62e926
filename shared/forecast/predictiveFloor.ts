import type { ResolvedPredictive } from "../policy/PredictiveSchema";
import type { Forecast } from "./Forecast";
import { floorRisenAt } from "./floorRisenAt";
import { forecastReplicasAt } from "./forecastReplicasAt";

/** A stored forecast older than this gives no floor: the hourly function has stopped refreshing it. */
export const MAX_FORECAST_AGE_S = 24 * 3600;

/** What the forecast says for one round: the engine's input for the floor, its reason and its metric. */
export interface PredictiveFloor {
  /** The instant the floor is sized for: now + lead_time_s. */
  readonly at: number;
  /** Replicas the forecast needs at `at`; null without a usable forecast (mode off, none, stale, too short). */
  readonly forecastReplicas: number | null;
  /** True when the floor is to be applied: mode forecast_and_scale and a usable forecast. */
  readonly acts: boolean;
  /** When the forecast used was made, or null. */
  readonly madeAt: number | null;
  /** Since when the floor has been at least forecastReplicas (see floorRisenAt), or null without one. */
  readonly risenAt: number | null;
}

/**
 * The forecast floor of one round: the replicas the stored forecast needs at now + lead_time_s (see
 * forecastReplicasAt), if the policy's predictive mode is on and the forecast is usable: made at or before
 * `now` (a forecast from the future would be look-ahead in a simulation) and at most `maxAgeS` old. It acts
 * only in mode forecast_and_scale; forecast_only reports the same number without acting. The engine then
 * takes forecastFloor({ reactive, forecastReplicas }) when `acts`, before bounds, limits and ceilings.
 */
export function predictiveFloor(args: {
  readonly forecast: Forecast | null | undefined;
  readonly now: number;
  readonly predictive: ResolvedPredictive;
  readonly targetOngoingRequests: number;
  readonly maxAgeS?: number;
}): PredictiveFloor {
  const { forecast, now, predictive } = args;
  const at = now + predictive.leadTimeS;
  const usable =
    predictive.mode !== "off" &&
    forecast != null &&
    forecast.madeAt <= now &&
    now - forecast.madeAt <= (args.maxAgeS ?? MAX_FORECAST_AGE_S);
  if (!usable) return { at, forecastReplicas: null, acts: false, madeAt: null, risenAt: null };
  const { targetOngoingRequests } = args;
  const forecastReplicas = forecastReplicasAt({ forecast, at, targetOngoingRequests });
  const risenAt =
    forecastReplicas === null
      ? null
      : floorRisenAt({
          forecast,
          now,
          leadTimeS: predictive.leadTimeS,
          targetOngoingRequests,
          replicas: forecastReplicas,
        });
  return {
    at,
    forecastReplicas,
    acts: predictive.mode === "forecast_and_scale" && forecastReplicas !== null,
    madeAt: forecast.madeAt,
    risenAt,
  };
}
