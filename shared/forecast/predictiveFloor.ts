import type { ResolvedPredictive } from "../policy/PredictiveSchema";
import type { Forecast } from "./Forecast";
import { floorRisenAt } from "./floorRisenAt";
import { forecastReplicasAt } from "./forecastReplicasAt";

/**
 * The floor reads the one slot holding now + lead_time_s (no slots either side): the lead already brings
 * capacity up as the slot's load arrives, and wider windows kept replicas for slots that did not need them
 * (measured on market-hours' first 12 of 15 days: see the README's `predictive` section).
 */
export const FLOOR_WINDOW = { behindS: 0, aheadS: 0 } as const;

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
  /**
   * Since when the floor has been at least forecastReplicas (see floorRisenAt; with FLOOR_WINDOW's one slot,
   * since it took its present value, up or down), or null without one.
   */
  readonly risenAt: number | null;
}

/**
 * The forecast floor of one round: the replicas the stored forecast needs at now + lead_time_s (see
 * forecastReplicasAt, over FLOOR_WINDOW; the warm lead, cold start plus instance restart, while
 * `warmPoolReady`: a floor raised a boot ahead of a restart pays for minutes of idle GPUs), if the policy's predictive mode is on and the forecast is usable: made at or before
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
  /** The target's Auto Scaling group has warmed instances in its warm pool: the floor's capacity restarts. */
  readonly warmPoolReady?: boolean;
}): PredictiveFloor {
  const { forecast, now, predictive } = args;
  const leadTimeS = args.warmPoolReady === true ? predictive.warmLeadTimeS : predictive.leadTimeS;
  const at = now + leadTimeS;
  const usable =
    predictive.mode !== "off" &&
    forecast != null &&
    forecast.madeAt <= now &&
    now - forecast.madeAt <= (args.maxAgeS ?? MAX_FORECAST_AGE_S);
  if (!usable) return { at, forecastReplicas: null, acts: false, madeAt: null, risenAt: null };
  const { targetOngoingRequests } = args;
  const forecastReplicas = forecastReplicasAt({ forecast, at, targetOngoingRequests, ...FLOOR_WINDOW });
  const risenAt =
    forecastReplicas === null
      ? null
      : floorRisenAt({
          forecast,
          now,
          leadTimeS,
          targetOngoingRequests,
          replicas: forecastReplicas,
          ...FLOOR_WINDOW,
        });
  return {
    at,
    forecastReplicas,
    acts: predictive.mode === "forecast_and_scale" && forecastReplicas !== null,
    madeAt: forecast.madeAt,
    risenAt,
  };
}
