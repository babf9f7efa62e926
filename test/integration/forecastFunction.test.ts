import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleForecast } from "../../functions/forecast/handleForecast";
import { DynamoForecastStore } from "../../shared/aws/DynamoForecastStore";
import { ManualClock } from "../../shared/inMemory/ManualClock";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { buildForecastRuntime, type ForecastRuntime } from "../../shared/runtime/buildForecastRuntime";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";
import { putHistory } from "./aws/putHistory";

const DAY = 86_400;
const HOUR = 3600;
/** The last 5-minute boundary: history is put over the three days before it. */
const NOW = Math.floor(Date.now() / 300_000) * 300;
/** A daily burst of 24 ongoing requests for 30 minutes, starting 6 h after NOW's time of day; 3 otherwise. */
const burst = (t: number) => {
  const sinceNow = (((t - NOW) % DAY) + DAY) % DAY;
  return sinceNow >= 6 * HOUR && sinceNow < 6.5 * HOUR ? 24 : 3;
};

let aws: AwsTestClients;
let runtime: ForecastRuntime;

beforeAll(() => {
  aws = createAwsClients();
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  runtime = buildForecastRuntime(process.env, { clock: new ManualClock(NOW) });
  runtime.logger.setLogLevel("SILENT");
  await bootstrapTables(aws.dynamodb, runtime.config.tables);
});

async function putPolicy(targetId: string, body: Record<string, unknown>) {
  await runtime.policies.put({ targetId, body, updatedBy: "test", updatedAt: new Date().toISOString() }, 0);
}

describe("forecast function on the emulator", () => {
  it("reads three days of minute history from CloudWatch and stores a forecast showing the daily burst", async () => {
    // arrange: 3 days of Driftless Load for "llm" as the tick publishes it, and one target too new to forecast
    await putHistory({
      metric: runtime.historyMetric("llm"),
      fromS: NOW - 3 * DAY,
      toS: NOW,
      load: burst,
    });
    await putHistory({
      metric: runtime.historyMetric("new"),
      fromS: NOW - 2 * HOUR,
      toS: NOW,
      load: () => 5,
    });
    const target = { cluster: "gpu", service: "llm" };
    // history_days 4 and 2: moto's GetMetricData scans every datapoint for each period, so 14 days of
    // 60 s periods take it seconds; the request builder's 14-day shape is proven in the unit tests.
    await putPolicy("llm", {
      max_replicas: 8,
      target,
      predictive: { mode: "forecast_and_scale", history_days: 4 },
    });
    await putPolicy("new", {
      max_replicas: 8,
      target,
      predictive: { mode: "forecast_only", history_days: 2 },
    });
    await putPolicy("off", { max_replicas: 8, target });

    // act
    const result = await handleForecast(runtime);

    // assert: the stored item (read back through a fresh adapter) peaks at 24 for exactly the burst's slots
    expect(result).toMatchObject({ ok: true, stored: 1, tooLittleHistory: 1, failed: 0 });
    const forecast = await new DynamoForecastStore(aws.dynamodb, runtime.config.tables.state).get("llm");
    expect(forecast).toMatchObject({ madeAt: NOW, startS: NOW, stepS: 300, recentRatio: 1 });
    expect(forecast!.values).toHaveLength(576);
    const slotOf = (offsetS: number) => forecast!.values[offsetS / 300];
    for (const day of [0, 1]) {
      expect(slotOf(day * DAY + 6 * HOUR)).toBe(24);
      expect(slotOf(day * DAY + 6 * HOUR + 25 * 60)).toBe(24);
      expect(slotOf(day * DAY + 6.5 * HOUR)).toBe(3);
      expect(slotOf(day * DAY + 6 * HOUR - 300)).toBe(3);
    }
    expect(forecast!.values.filter((v) => v === 24)).toHaveLength(12);
    expect(await runtime.forecasts.get("new")).toBeUndefined();
    expect(await runtime.forecasts.get("off")).toBeUndefined();
    // moto writes and reads 4,320 minute datapoints slowly (seconds here, milliseconds on AWS)
  }, 120_000);
});
