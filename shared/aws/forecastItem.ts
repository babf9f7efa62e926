import type { Forecast } from "../forecast/Forecast";
import { asRecord, numberOr, stringOr } from "./itemFields";
import { STATE_TABLE } from "./tableDefinitions";

/**
 * Forecasts live in the state table, one item per target, under the key `forecast <targetId>`. Target ids
 * never contain a space (targetIdProblem), so no target's state item can collide with a forecast item, and
 * IAM can confine the forecast function to keys starting with this prefix (dynamodb:LeadingKeys).
 */
export const FORECAST_KEY_PREFIX = "forecast ";

/** The state-table key of `targetId`'s forecast item. */
export function forecastItemKey(targetId: string): string {
  return `${FORECAST_KEY_PREFIX}${targetId}`;
}

/** The item of a target's forecast: its fields as native attributes, the loads as a list of numbers. */
export function toForecastItem(targetId: string, forecast: Forecast): Record<string, unknown> {
  return {
    [STATE_TABLE.partitionKey]: forecastItemKey(targetId),
    forecastOf: targetId,
    madeAt: forecast.madeAt,
    startS: forecast.startS,
    stepS: forecast.stepS,
    values: [...forecast.values],
    recentRatio: forecast.recentRatio,
    historyS: forecast.historyS,
    timezone: forecast.timezone,
  };
}

/**
 * The forecast of an item read back, or undefined when the item is not a usable forecast (a missing or
 * mistyped field, a non-positive step, a non-number load): a broken forecast means no floor, never a guess.
 */
export function fromForecastItem(item: unknown): { targetId: string; forecast: Forecast } | undefined {
  const record = asRecord(item);
  if (record === undefined) return undefined;
  const targetId = stringOr(record.forecastOf, undefined);
  const madeAt = numberOr(record.madeAt, undefined);
  const startS = numberOr(record.startS, undefined);
  const stepS = numberOr(record.stepS, undefined);
  const values = record.values;
  if (targetId === undefined || madeAt === undefined || startS === undefined || stepS === undefined)
    return undefined;
  if (!(stepS > 0) || !Array.isArray(values)) return undefined;
  if (!values.every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)) return undefined;
  return {
    targetId,
    forecast: {
      madeAt,
      startS,
      stepS,
      values: values as number[],
      recentRatio: numberOr(record.recentRatio, 1),
      historyS: numberOr(record.historyS, 0),
      timezone: stringOr(record.timezone, "UTC"),
    },
  };
}
