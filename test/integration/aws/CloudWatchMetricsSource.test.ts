import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { CloudWatchMetricsSource } from "../../../shared/aws/CloudWatchMetricsSource";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import type { MetricQuery } from "../../../shared/engine/ports/MetricsSource";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";

const NAMESPACE = "Driftless/Test";
/** A minute boundary 10 minutes ago (epoch seconds): inside the 3 hours AWS keeps 1-second data. */
const BASE = Math.floor(Date.now() / 60_000) * 60 - 600;

let aws: AwsTestClients;
let calls: AwsCallCounter;
let source: CloudWatchMetricsSource;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.cloudwatch, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  source = new CloudWatchMetricsSource(aws.cloudwatch);
  calls.reset();
});

/** Puts value i at BASE + i seconds for i in [0, 30), high resolution, for service `service`. */
async function putSeries(service = "llm"): Promise<void> {
  const data = Array.from({ length: 30 }, (_, i) => ({
    MetricName: "Ongoing",
    Dimensions: [{ Name: "Service", Value: service }],
    Timestamp: new Date((BASE + i) * 1000),
    Value: i,
    StorageResolution: 1,
  }));
  await aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: data }));
  calls.reset();
}

function query(id: string, statistic = "Average", periodS = 10, service = "llm"): MetricQuery {
  return { id, namespace: NAMESPACE, name: "Ongoing", dimensions: { Service: service }, statistic, periodS };
}

describe("CloudWatchMetricsSource", () => {
  it("answers each query with period-aligned buckets, oldest first, in epoch seconds", async () => {
    // arrange
    await putSeries();

    // act: a window that starts and ends off the 10 s grid
    const answers = await source.fetch(
      [query("avg"), query("max", "Maximum"), query("per-second.sum", "Sum", 1)],
      BASE + 3,
      BASE + 21,
    );

    // assert: buckets start at BASE, BASE+10, BASE+20 (the one holding endS), as AWS would align them
    expect(answers.get("avg")).toEqual({
      ok: true,
      series: [
        { t: BASE, v: 4.5 },
        { t: BASE + 10, v: 14.5 },
        { t: BASE + 20, v: 24.5 },
      ],
    });
    expect(answers.get("max")).toEqual({
      ok: true,
      series: [
        { t: BASE, v: 9 },
        { t: BASE + 10, v: 19 },
        { t: BASE + 20, v: 29 },
      ],
    });
    const perSecond = answers.get("per-second.sum");
    expect(perSecond?.ok && perSecond.series.map((p) => p.t)).toEqual(
      Array.from({ length: 19 }, (_, i) => BASE + 3 + i),
    );
    expect(calls.snapshot()).toEqual({ "CloudWatch:GetMetricData": 2 }); // one per period
  });

  it("answers a metric without datapoints with an empty series (missing data is the engine's call)", async () => {
    // arrange
    await putSeries();

    // act
    const answers = await source.fetch([query("silent", "Average", 10, "nobody")], BASE, BASE + 30);

    // assert
    expect(answers.get("silent")).toEqual({ ok: true, series: [] });
  });

  it("reads 1001 queries in ceil(1001 / 500) = 3 GetMetricData calls", async () => {
    // arrange
    await putSeries("s7");
    const queries = Array.from({ length: 1001 }, (_, i) => query(`q${i}`, "Sum", 10, `s${i}`));

    // act
    const answers = await source.fetch(queries, BASE, BASE + 29);

    // assert
    expect(calls.snapshot()).toEqual({ "CloudWatch:GetMetricData": 3 });
    expect(answers.size).toBe(1001);
    expect(answers.get("q7")).toEqual({
      ok: true,
      series: [
        { t: BASE, v: 45 },
        { t: BASE + 10, v: 145 },
        { t: BASE + 20, v: 245 },
      ],
    });
    expect(answers.get("q1000")).toEqual({ ok: true, series: [] });
  });

  it("makes no call for no queries", async () => {
    // act
    const answers = await source.fetch([], BASE, BASE + 30);

    // assert
    expect(answers.size).toBe(0);
    expect(calls.total()).toBe(0);
  });

  it("answers every query of a failed call with ok: false instead of throwing", async () => {
    // arrange: a client whose endpoint refuses connections (a real network failure, no SDK mock)
    const unreachable = new CloudWatchClient({ endpoint: "http://127.0.0.1:9", maxAttempts: 1 });
    const failing = new CloudWatchMetricsSource(unreachable);

    // act
    const answers = await failing.fetch([query("a"), query("b")], BASE, BASE + 30);
    unreachable.destroy();

    // assert
    for (const id of ["a", "b"]) {
      const answer = answers.get(id);
      expect(answer?.ok).toBe(false);
      expect(answer?.ok === false && answer.error).toMatch(/^CloudWatch GetMetricData failed/);
    }
  });

  it("answers a query with a period CloudWatch refuses without calling (moto would spin on Period 0)", async () => {
    // act
    const answers = await source.fetch(
      [query("zero", "Average", 0), query("seven", "Average", 7)],
      BASE,
      BASE + 30,
    );

    // assert
    expect(answers.get("zero")).toMatchObject({ ok: false });
    expect(answers.get("seven")).toMatchObject({ ok: false });
    expect(calls.total()).toBe(0);
  });
});
