import type { Forecast } from "../../forecast/Forecast";

/**
 * Where each target's latest forecast is kept: the forecast function writes it hourly, the engine, the
 * simulator and `driftless forecast` read it. One forecast per target; a newer one replaces the older.
 */
export interface ForecastStore {
  /** The target's latest forecast, or undefined when none was stored (or the stored item is unreadable). */
  get(targetId: string): Promise<Forecast | undefined>;
  /** Latest forecasts of these targets (those with none are absent), for one round of many targets. */
  getMany(targetIds: readonly string[]): Promise<Map<string, Forecast>>;
  /** Replaces the target's forecast (last writer wins: one forecast function per deployment). */
  put(targetId: string, forecast: Forecast): Promise<void>;
}
