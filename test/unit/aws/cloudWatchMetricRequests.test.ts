import { describe, expect, it } from "vitest";
import { buildGetMetricDataRequests } from "../../../shared/aws/buildGetMetricDataRequests";
import { metricPeriodProblem } from "../../../shared/aws/metricPeriodProblem";
import type { MetricQuery } from "../../../shared/engine/ports/MetricsSource";

function query(id: string, periodS = 10, statistic = "Average"): MetricQuery {
  return {
    id,
    namespace: "Driftless/Test",
    name: "Ongoing",
    dimensions: { Service: "llm", Cluster: "gpu" },
    statistic,
    periodS,
  };
}

const seconds = (date: Date | undefined) => (date === undefined ? undefined : date.getTime() / 1000);

describe("buildGetMetricDataRequests", () => {
  it("builds one request with the metric, period, statistic, sorted dimensions, ascending scan and ReturnData", () => {
    // act
    const [request, ...rest] = buildGetMetricDataRequests([query("t0_l0", 10, "p90")], 1000, 1100);

    // assert
    expect(rest).toEqual([]);
    expect(request?.input).toEqual({
      MetricDataQueries: [
        {
          Id: "q0",
          MetricStat: {
            Metric: {
              Namespace: "Driftless/Test",
              MetricName: "Ongoing",
              Dimensions: [
                { Name: "Cluster", Value: "gpu" },
                { Name: "Service", Value: "llm" },
              ],
            },
            Period: 10,
            Stat: "p90",
          },
          ReturnData: true,
        },
      ],
      StartTime: new Date(1_000_000),
      EndTime: new Date(1_110_000),
      ScanBy: "TimestampAscending",
    });
    expect(request?.queryIds).toEqual(new Map([["q0", "t0_l0"]]));
  });

  it.each([
    { periodS: 10, startS: 1003, endS: 1021, start: 1000, end: 1030 },
    { periodS: 10, startS: 1000, endS: 1020, start: 1000, end: 1030 },
    { periodS: 60, startS: 1003, endS: 1021, start: 960, end: 1080 },
    { periodS: 1, startS: 1003.5, endS: 1021.2, start: 1003, end: 1022 },
  ])(
    "aligns [$startS, $endS] to period $periodS: StartTime $start, EndTime (exclusive) $end",
    ({ periodS, startS, endS, start, end }) => {
      // act
      const [request] = buildGetMetricDataRequests([query("a", periodS)], startS, endS);

      // assert
      expect([seconds(request?.input.StartTime), seconds(request?.input.EndTime)]).toEqual([start, end]);
    },
  );

  it("splits 1001 queries of one period into ceil(1001 / 500) = 3 requests", () => {
    // act
    const requests = buildGetMetricDataRequests(
      Array.from({ length: 1001 }, (_, i) => query(`t${i}`)),
      0,
      60,
    );

    // assert
    expect(requests.map((r) => r.input.MetricDataQueries?.length)).toEqual([500, 500, 1]);
    expect(requests[2]?.queryIds).toEqual(new Map([["q0", "t1000"]]));
    expect(requests[1]?.queryIds.get("q499")).toBe("t999");
  });

  it("groups queries by period, each group aligned to its own period, first-seen order", () => {
    // act
    const requests = buildGetMetricDataRequests([query("a", 60), query("b", 10), query("c", 60)], 1005, 1075);

    // assert
    expect(requests.map((r) => [...r.queryIds.values()])).toEqual([["a", "c"], ["b"]]);
    expect(requests.map((r) => [seconds(r.input.StartTime), seconds(r.input.EndTime)])).toEqual([
      [960, 1080],
      [1000, 1080],
    ]);
  });

  it("reads a repeated query id once and makes no request for no queries", () => {
    expect(
      buildGetMetricDataRequests([query("a"), query("a", 60)], 0, 10).map((r) => [...r.queryIds.values()]),
    ).toEqual([["a"]]);
    expect(buildGetMetricDataRequests([], 0, 10)).toEqual([]);
  });

  it("maps ids CloudWatch would refuse (dashes, dots, upper case first) to valid ones", () => {
    // act
    const [request] = buildGetMetricDataRequests([query("Llm-a.load"), query("9x")], 0, 10);

    // assert
    expect(request?.input.MetricDataQueries?.map((q) => q.Id)).toEqual(["q0", "q1"]);
    expect([...(request?.queryIds.values() ?? [])]).toEqual(["Llm-a.load", "9x"]);
  });
});

describe("metricPeriodProblem", () => {
  it.each([1, 5, 10, 20, 30, 60, 120, 3600])("accepts %s s", (periodS) => {
    expect(metricPeriodProblem(periodS)).toBeNull();
  });

  it.each([0, -10, 2, 7, 45, 90, 10.5, Number.NaN])("refuses %s s", (periodS) => {
    expect(metricPeriodProblem(periodS)).toMatch(/invalid CloudWatch period/);
  });
});
