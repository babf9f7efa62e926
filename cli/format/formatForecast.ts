import type { Forecast } from "../../shared/forecast/Forecast";
import { forecastPeakBetween } from "../../shared/forecast/forecastLoadAt";
import { forecastReplicasAt } from "../../shared/forecast/forecastReplicasAt";
import type { ResolvedPredictive } from "../../shared/policy/PredictiveSchema";
import { formatTable } from "./formatTable";

/** How a forecast is shown: rows of `rowS` seconds over `hours` from `now`. */
export interface ForecastView {
  readonly targetId: string;
  readonly forecast: Forecast;
  readonly predictive: ResolvedPredictive;
  readonly targetOngoingRequests: number;
  readonly now: number;
  readonly hours: number;
  readonly rowS: number;
}

const BAR_WIDTH = 30;

/** "2026-12-01 14:30" in `zone`. */
function wallClock(atS: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(atS * 1000));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "??";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/**
 * The forecast as a header and a table: per row, its start (in the forecast's zone), the peak forecast load
 * in the row, the replicas that load needs (replicasForLoad: ceil(load / target_ongoing_requests)) and a bar chart of the load.
 */
export function formatForecast(view: ForecastView): string {
  const { forecast, predictive, now } = view;
  const first = Math.floor(now / view.rowS) * view.rowS;
  const rows: { at: number; load: number; replicas: number }[] = [];
  const count = Math.ceil((view.hours * 3600) / view.rowS);
  for (let at = first; at < first + count * view.rowS; at += view.rowS) {
    const load = forecastPeakBetween(forecast, at, at + view.rowS - 1);
    const replicas = forecastReplicasAt({
      forecast,
      at,
      targetOngoingRequests: view.targetOngoingRequests,
      behindS: 0,
      aheadS: view.rowS - 1,
    });
    if (load !== null && replicas !== null) rows.push({ at, load, replicas });
  }
  const peak = Math.max(1e-9, ...rows.map((r) => r.load));
  const header = [
    `forecast of ${view.targetId}: mode ${predictive.mode}, made ${wallClock(forecast.madeAt, forecast.timezone)} ${forecast.timezone}` +
      ` (${Math.round((now - forecast.madeAt) / 60)} min ago)`,
    `history ${(forecast.historyS / 86_400).toFixed(1)} days; recent level x${forecast.recentRatio}; ` +
      `the floor at each instant is what now + ${predictive.leadTimeS} s needs` +
      (predictive.mode === "forecast_and_scale" ? "" : " (not acted on)"),
    "",
  ];
  if (rows.length === 0) return [...header, "the stored forecast does not cover the next hours"].join("\n");
  const table = formatTable(
    [`time (${forecast.timezone})`, "load", "replicas", ""],
    rows.map((r) => [
      wallClock(r.at, forecast.timezone),
      r.load.toFixed(1),
      String(r.replicas),
      "#".repeat(Math.round((r.load / peak) * BAR_WIDTH)),
    ]),
  );
  return [...header, table].join("\n");
}
