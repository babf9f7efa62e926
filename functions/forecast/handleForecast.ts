import { forecastTarget, type TargetForecastOutcome } from "../../shared/engine/forecastTarget";
import type { ForecastDeps } from "./ForecastDeps";

export interface ForecastRunResult {
  readonly ok: boolean;
  readonly madeAt: number;
  readonly stored: number;
  readonly tooLittleHistory: number;
  readonly failed: number;
  readonly outcomes: readonly TargetForecastOutcome[];
}

/**
 * The forecast function (hourly): for every target whose policy has `predictive.mode` other than off,
 * reads its load history, forecasts the next 48 h and stores the forecast. Targets are done one after
 * another; one bad target (invalid policy, failed read or write) never stops the others. One JSON log line
 * per target with predictive on (and per invalid policy). `ok` is false only when policies cannot be listed.
 */
export async function handleForecast(deps: ForecastDeps): Promise<ForecastRunResult> {
  const now = deps.clock.now();
  let records: Awaited<ReturnType<ForecastDeps["policies"]["list"]>>;
  try {
    records = await deps.policies.list();
  } catch (error) {
    deps.logger.error("forecast: cannot list policies", { error: String(error) });
    return { ok: false, madeAt: now, stored: 0, tooLittleHistory: 0, failed: 0, outcomes: [] };
  }
  const outcomes: TargetForecastOutcome[] = [];
  for (const record of records) {
    const outcome = await forecastTarget(deps, record, now);
    outcomes.push(outcome);
    if (outcome.status === "failed") deps.logger.error("forecast", { forecast: outcome });
    else if (outcome.status === "invalid") deps.logger.warn("forecast", { forecast: outcome });
    else if (outcome.status !== "off") deps.logger.info("forecast", { forecast: outcome });
  }
  const count = (status: TargetForecastOutcome["status"]) =>
    outcomes.filter((o) => o.status === status).length;
  return {
    ok: true,
    madeAt: now,
    stored: count("stored"),
    tooLittleHistory: count("too_little_history"),
    failed: count("failed"),
    outcomes,
  };
}
