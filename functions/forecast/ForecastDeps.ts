import type { Clock } from "../../shared/engine/ports/Clock";
import type { ForecastStore } from "../../shared/engine/ports/ForecastStore";
import type { HistoryMetric, LoadHistory } from "../../shared/engine/ports/LoadHistory";
import type { PolicyStore } from "../../shared/engine/ports/PolicyStore";

/** Structured log lines (Powertools' Logger fits). */
export interface ForecastLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** What the forecast function works with. */
export interface ForecastDeps {
  readonly policies: Pick<PolicyStore, "list">;
  readonly history: LoadHistory;
  readonly forecasts: ForecastStore;
  readonly clock: Pick<Clock, "now">;
  readonly logger: ForecastLogger;
  /** The metric holding a target's load history. */
  readonly historyMetric: (targetId: string) => HistoryMetric;
}
