import type { ForecastTargetDeps } from "../../shared/engine/forecastTarget";
import type { Clock } from "../../shared/engine/ports/Clock";
import type { ForecastStore } from "../../shared/engine/ports/ForecastStore";
import type { PolicyStore } from "../../shared/engine/ports/PolicyStore";

/** Structured log lines (Powertools' Logger fits). */
export interface ForecastLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** What the forecast function works with. */
export interface ForecastDeps extends ForecastTargetDeps {
  readonly policies: Pick<PolicyStore, "list">;
  readonly forecasts: ForecastStore;
  readonly clock: Pick<Clock, "now">;
  readonly logger: ForecastLogger;
}
