import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { CloudWatchLoadHistory } from "../../../shared/aws/CloudWatchLoadHistory";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import type { HistoryMetric } from "../../../shared/engine/ports/LoadHistory";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { putHistory } from "./putHistory";

const DAY = 86_400;
/** A 5-minute boundary an hour ago, so every bucket below is complete. */
const NOW = Math.floor(Date.now() / 300_000) * 300;
const METRIC: HistoryMetric = {
  namespace: "Driftless/Test",
  name: "Load",
  dimensions: { TargetId: "llm", service: "driftless" },
  statistic: "Average",
};

let aws: AwsTestClients;
let calls: AwsCallCounter;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.cloudwatch, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  calls.reset();
});

describe("CloudWatchLoadHistory", () => {
  it("reads minute data back from the last 15 days and 5-minute averages from beyond, in one series", async () => {
    // arrange: minute i of an hour has load i; one hour 20 days ago and one hour 2 days ago
    const old = NOW - 20 * DAY;
    const recent = NOW - 2 * DAY;
    for (const from of [old, recent]) {
      await putHistory({
        metric: METRIC,
        fromS: from,
        toS: from + 3600,
        load: (t) => ((t - from) / 60) % 60,
      });
    }
    calls.reset();

    // act
    const series = await new CloudWatchLoadHistory(aws.cloudwatch).read({
      metric: METRIC,
      now: NOW,
      historyDays: 30,
    });

    // assert: 12 five-minute buckets (mean of minutes 5k..5k+4 = 5k+2), then 60 minute buckets
    expect(series.slice(0, 12)).toEqual(
      Array.from({ length: 12 }, (_, k) => ({ t: old + 300 * k, v: 5 * k + 2 })),
    );
    expect(series.slice(12)).toEqual(Array.from({ length: 60 }, (_, i) => ({ t: recent + 60 * i, v: i })));
    expect(calls.snapshot()).toEqual({ "CloudWatch:GetMetricData": 2 });
  });

  it("reads only the days asked for and returns nothing, not an error, for a metric with no data", async () => {
    await putHistory({
      metric: METRIC,
      fromS: NOW - 10 * DAY,
      toS: NOW - 10 * DAY + 600,
      load: () => 3,
    });
    const history = new CloudWatchLoadHistory(aws.cloudwatch);
    expect(await history.read({ metric: METRIC, now: NOW, historyDays: 7 })).toEqual([]);
    expect(await history.read({ metric: { ...METRIC, name: "Other" }, now: NOW, historyDays: 14 })).toEqual(
      [],
    );
    expect(await history.read({ metric: METRIC, now: NOW, historyDays: 14 })).toHaveLength(10);
  });
});
