import { describe, expect, it } from "vitest";
import {
  buildHistoryRequests,
  FIVE_MINUTE_RETENTION_S,
  historySegments,
  MINUTE_RETENTION_S,
} from "../../../shared/aws/buildHistoryRequests";

const DAY = 86_400;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 30) / 1000; // 30 s past a minute

describe("historySegments", () => {
  it("reads the last 14 days at 60 s in one call, ending at now rounded up to the minute", () => {
    expect(historySegments({ now: NOW, historyDays: 14 })).toEqual([
      { startS: Math.floor((NOW - 14 * DAY) / 300) * 300, endS: NOW + 30, periodS: 60 },
    ]);
  });

  it("reads 60 s back to 15 days and 300 s beyond, the boundary on the 5-minute grid", () => {
    const [older, newer] = historySegments({ now: NOW, historyDays: 30 });
    const boundary = Math.ceil((NOW - MINUTE_RETENTION_S) / 300) * 300;
    expect(older).toEqual({ startS: Math.floor((NOW - 30 * DAY) / 300) * 300, endS: boundary, periodS: 300 });
    expect(newer).toEqual({ startS: boundary, endS: NOW + 30, periodS: 60 });
    expect(boundary % 300).toBe(0);
    expect(boundary).toBeGreaterThanOrEqual(NOW - MINUTE_RETENTION_S);
  });

  it("never reaches past the 63 days CloudWatch keeps 5-minute data", () => {
    const [older] = historySegments({ now: NOW, historyDays: 90 });
    expect(older?.startS).toBeGreaterThanOrEqual(NOW - FIVE_MINUTE_RETENTION_S - 300);
  });

  it.each([
    [14, 100_800],
    [63, 100_800],
    [14, 5_000],
    [63, 1_000],
  ])("keeps every call of %i days within %i datapoints, covering the span without gaps", (days, max) => {
    const segments = historySegments({ now: NOW, historyDays: days, maxDatapoints: max });
    for (const s of segments) expect((s.endS - s.startS) / s.periodS).toBeLessThanOrEqual(max);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startS).toBe(segments[i - 1]!.endS);
    expect(segments.at(-1)!.endS).toBe(NOW + 30);
  });
});

describe("buildHistoryRequests", () => {
  it("asks for one query per segment at the segment's period, oldest first, dimensions sorted", () => {
    const requests = buildHistoryRequests({
      metric: {
        namespace: "Driftless",
        name: "Load",
        dimensions: { TargetId: "llm", service: "driftless" },
        statistic: "Average",
      },
      now: NOW,
      historyDays: 20,
    });
    expect(requests.map((r) => r.input.MetricDataQueries?.[0]?.MetricStat?.Period)).toEqual([300, 60]);
    expect(requests[0]!.input).toMatchObject({
      ScanBy: "TimestampAscending",
      MetricDataQueries: [
        {
          Id: "history",
          ReturnData: true,
          MetricStat: {
            Stat: "Average",
            Metric: {
              Namespace: "Driftless",
              MetricName: "Load",
              Dimensions: [
                { Name: "TargetId", Value: "llm" },
                { Name: "service", Value: "driftless" },
              ],
            },
          },
        },
      ],
    });
    expect(requests[1]!.input.EndTime).toEqual(new Date((NOW + 30) * 1000));
  });
});
