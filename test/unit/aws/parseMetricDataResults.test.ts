import type { MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import type { MetricDataRequest } from "../../../shared/aws/MetricDataRequest";
import { parseMetricDataResults } from "../../../shared/aws/parseMetricDataResults";

const request: MetricDataRequest = {
  input: { MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(10_000) },
  queryIds: new Map([
    ["q0", "t0_load"],
    ["q1", "t1_load"],
  ]),
};
const at = (s: number) => new Date(s * 1000);

function result(
  id: string,
  points: [number, number][],
  extra: Partial<MetricDataResult> = {},
): MetricDataResult {
  return {
    Id: id,
    Timestamps: points.map(([t]) => at(t)),
    Values: points.map(([, v]) => v),
    StatusCode: "Complete",
    ...extra,
  };
}

describe("parseMetricDataResults", () => {
  it("answers by the caller's ids with epoch-second series sorted by time", () => {
    // act
    const answers = parseMetricDataResults(request, [
      [
        result("q0", [
          [1010, 2],
          [1000, 1.5],
        ]),
        result("q1", []),
      ],
    ]);

    // assert
    expect(answers).toEqual(
      new Map([
        [
          "t0_load",
          {
            ok: true,
            series: [
              { t: 1000, v: 1.5 },
              { t: 1010, v: 2 },
            ],
          },
        ],
        ["t1_load", { ok: true, series: [] }],
      ]),
    );
  });

  it("joins a query's values across NextToken pages; the last page's status counts", () => {
    // act
    const answers = parseMetricDataResults(request, [
      [result("q0", [[1000, 1]], { StatusCode: "PartialData" }), result("q1", [[1000, 3]])],
      [result("q0", [[1010, 2]])],
    ]);

    // assert
    expect(answers.get("t0_load")).toEqual({
      ok: true,
      series: [
        { t: 1000, v: 1 },
        { t: 1010, v: 2 },
      ],
    });
    expect(answers.get("t1_load")).toEqual({ ok: true, series: [{ t: 1000, v: 3 }] });
  });

  it.each([
    {
      name: "PartialData after the last page",
      extra: { StatusCode: "PartialData" as const },
      error: "CloudWatch status PartialData",
    },
    {
      name: "InternalError with messages",
      extra: {
        StatusCode: "InternalError" as const,
        Messages: [{ Code: "InternalError", Value: "try later" }],
      },
      error: "CloudWatch status InternalError: InternalError: try later",
    },
    {
      name: "Forbidden",
      extra: { StatusCode: "Forbidden" as const },
      error: "CloudWatch status Forbidden",
    },
    {
      name: "Complete with a message",
      extra: { Messages: [{ Code: "MaxDatapointsExceeded", Value: "too many" }] },
      error: "CloudWatch status Complete: MaxDatapointsExceeded: too many",
    },
  ])("answers $name with ok: false", ({ extra, error }) => {
    // act
    const answers = parseMetricDataResults(request, [[result("q0", [[1000, 1]], extra), result("q1", [])]]);

    // assert
    expect(answers.get("t0_load")).toEqual({ ok: false, error });
    expect(answers.get("t1_load")).toEqual({ ok: true, series: [] });
  });

  it("answers a query CloudWatch left out with ok: false, and ignores results of unknown ids", () => {
    // act
    const answers = parseMetricDataResults(request, [[result("q0", [[1000, 1]]), result("zz", [[1000, 9]])]]);

    // assert
    expect(answers.get("t1_load")).toEqual({
      ok: false,
      error: "CloudWatch returned no result for this query",
    });
    expect(answers.size).toBe(2);
  });
});
