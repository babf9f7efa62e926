import { buildForecastRuntime, type ForecastRuntime } from "../../shared/runtime/buildForecastRuntime";
import { handleForecast } from "./handleForecast";

let runtime: ForecastRuntime | undefined;

/** Lambda entry point of the forecast function (EventBridge schedule, hourly; the event is not read). */
export const handler = async () => {
  runtime ??= buildForecastRuntime(process.env, { serviceName: "driftless-forecast" });
  return handleForecast(runtime);
};
