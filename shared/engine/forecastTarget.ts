import { forecastLoad } from "../forecast/forecastLoad";
import { parsePolicy } from "../policy/parsePolicy";
import type { ForecastStore } from "./ports/ForecastStore";
import type { HistoryMetric, LoadHistory } from "./ports/LoadHistory";
import type { PolicyRecord } from "./ports/PolicyStore";

/** What forecasting one target reads and writes: the forecast function and the simulator pass their own. */
export interface ForecastTargetDeps {
  readonly history: LoadHistory;
  readonly forecasts: Pick<ForecastStore, "put">;
  /** The metric holding a target's load history. */
  readonly historyMetric: (targetId: string) => HistoryMetric;
}

/** What happened to one target in one forecast run (also its log line). */
export type TargetForecastOutcome =
  | { readonly targetId: string; readonly status: "off" }
  | { readonly targetId: string; readonly status: "invalid"; readonly problems: number }
  | { readonly targetId: string; readonly status: "too_little_history"; readonly datapoints: number }
  | {
      readonly targetId: string;
      readonly status: "stored";
      readonly mode: string;
      readonly datapoints: number;
      readonly historyS: number;
      readonly recentRatio: number;
      readonly peakLoad: number;
      readonly peakAt: number;
    }
  | { readonly targetId: string; readonly status: "failed"; readonly error: string };

/**
 * Forecasts one target whose policy has `predictive.mode` other than off: reads `history_days` of its load
 * history, forecasts (in the policy's time zone) and stores the forecast. With less than 24 h of history
 * nothing is stored (the engine then has no floor). Never throws: a failure is an outcome. The forecast
 * function runs it hourly for every target; the simulator runs the same on its virtual clock.
 */
export async function forecastTarget(
  deps: ForecastTargetDeps,
  record: PolicyRecord,
  now: number,
): Promise<TargetForecastOutcome> {
  const { targetId } = record;
  const parsed = parsePolicy(record.body);
  if (!parsed.ok) return { targetId, status: "invalid", problems: parsed.problems.length };
  const { predictive } = parsed.policy;
  if (predictive.mode === "off") return { targetId, status: "off" };
  try {
    const history = await deps.history.read({
      metric: deps.historyMetric(targetId),
      now,
      historyDays: predictive.historyDays,
    });
    const forecast = forecastLoad({ history, now, options: { timezone: predictive.timezone } });
    if (forecast === null) return { targetId, status: "too_little_history", datapoints: history.length };
    await deps.forecasts.put(targetId, forecast);
    const peak = forecast.values.reduce((best, v, i) => (v > (forecast.values[best] ?? 0) ? i : best), 0);
    return {
      targetId,
      status: "stored",
      mode: predictive.mode,
      datapoints: history.length,
      historyS: forecast.historyS,
      recentRatio: forecast.recentRatio,
      peakLoad: forecast.values[peak] ?? 0,
      peakAt: forecast.startS + peak * forecast.stepS,
    };
  } catch (error) {
    return { targetId, status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
