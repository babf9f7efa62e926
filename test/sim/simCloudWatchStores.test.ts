import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historyColumns } from "../../shared/forecast/historyColumns";
import type { Series } from "../../shared/metrics/Datapoint";
import { SimLoadHistory } from "../../sim/driftless/SimLoadHistory";
import { SimMetricsSource } from "../../sim/driftless/SimMetricsSource";
import { timeIndex } from "../../sim/driftless/timeIndex";

const metric = Object.freeze({
  namespace: "Driftless",
  name: "Load",
  dimensions: Object.freeze({ TargetId: "svc" }),
  statistic: "Average",
});
const sortedTimes = fc
  .array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 })
  .map((ts) => ts.sort((a, b) => a - b));

describe("timeIndex: binary search over a column of sorted times", () => {
  it("finds the first time at or after t (strictly after with strictly), as a linear scan would", () => {
    fc.assert(
      fc.property(
        sortedTimes,
        fc.integer({ min: -5, max: 55 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        (ts, t, strictly, spare) => {
          // A column longer than the times it holds (room to grow): only the first ts.length count.
          const times = Float64Array.from([...ts, ...Array.from({ length: spare }, () => -100)]);
          const linear = ts.findIndex((time) => (strictly ? time > t : time >= t));
          expect(timeIndex(times, ts.length, t, strictly)).toBe(linear === -1 ? ts.length : linear);
        },
      ),
    );
  });
});

describe("SimMetricsSource.read", () => {
  it("returns the datapoints within [start, end], in time order, as a filter of every datapoint would", () => {
    fc.assert(
      fc.property(
        sortedTimes,
        fc.integer({ min: -5, max: 55 }),
        fc.integer({ min: -5, max: 55 }),
        (ts, a, b) => {
          const source = new SimMetricsSource();
          const points = ts.map((t, i) => ({ t, v: i }));
          for (const p of points) source.put("NS", "M", metric.dimensions, p);
          const read = source.read({ namespace: "NS", name: "M", dimensions: metric.dimensions }, a, b);
          expect(read).toEqual(points.filter((p) => p.t >= a && p.t <= b));
        },
      ),
    );
  });
});

describe("SimMetricsSource past its first columns", () => {
  it("keeps every time and value when the columns grow, and refuses a datapoint out of order", () => {
    const source = new SimMetricsSource();
    // 2,500 datapoints: the columns start at 1,024, so they grow twice.
    const points = Array.from({ length: 2500 }, (_, i) => ({ t: i * 10, v: i / 3 }));
    for (const p of points) source.put("NS", "M", metric.dimensions, p);
    const m = { namespace: "NS", name: "M", dimensions: metric.dimensions };
    expect(source.read(m, 0, 25_000)).toEqual(points);
    expect(source.read(m, 10_235, 10_260)).toEqual(points.slice(1024, 1027));
    expect(() => source.put("NS", "M", metric.dimensions, { t: 5, v: 1 })).toThrow(RangeError);
  });
});

describe("SimLoadHistory: the simulated CloudWatch's 1-minute Load datapoints", () => {
  it("keeps one Average per whole minute and reads only those before now within the history days", async () => {
    const history = new SimLoadHistory();
    for (const [t, v] of [
      [0, 2],
      [30, 4],
      [60, 6],
      [86_400 + 10, 8],
      [86_400 + 70, 1],
    ] as const)
      history.publish("svc", metric, t, v);
    // The minute at 86,460 is still open: not readable.
    expect(await history.read({ metric, now: 86_460, historyDays: 2 })).toEqual([
      { t: 0, v: 3 },
      { t: 60, v: 6 },
      { t: 86_400, v: 8 },
    ]);
    expect(await history.read({ metric, now: 86_400, historyDays: 2 })).toEqual([
      { t: 0, v: 3 },
      { t: 60, v: 6 },
    ]);
    expect(await history.read({ metric, now: 86_460, historyDays: 1 })).toEqual([
      { t: 60, v: 6 },
      { t: 86_400, v: 8 },
    ]);
  });

  it("reads a metric published under two keys in time order, equal minutes in the order they closed", async () => {
    const history = new SimLoadHistory();
    history.publish("a", metric, 0, 1);
    history.publish("a", metric, 120, 2);
    history.publish("b", metric, 0, 5);
    history.publish("b", metric, 60, 6);
    history.publish("a", metric, 180, 3);
    history.publish("b", metric, 180, 7);
    expect(await history.read({ metric, now: 1000, historyDays: 1 })).toEqual([
      { t: 0, v: 1 },
      { t: 0, v: 5 },
      { t: 60, v: 6 },
      { t: 120, v: 2 },
    ]);
  });

  it("hands the forecaster columns equal to each read's datapoints, unchanged by later publishes", async () => {
    const columnsMatch = (read: Series) => {
      const { t, v } = historyColumns(read);
      expect([...t]).toEqual(read.map((p) => p.t));
      expect([...v]).toEqual(read.map((p) => p.v));
    };
    await fc.assert(
      fc.asyncProperty(
        // Publishes under two keys (their minutes close out of order, as the splice case needs) and reads.
        fc.array(
          fc.record({
            key: fc.constantFrom("a", "b"),
            dt: fc.integer({ min: 0, max: 90 }),
            read: fc.boolean(),
          }),
          { maxLength: 300 },
        ),
        async (steps) => {
          const history = new SimLoadHistory();
          const clock = { a: 0, b: 0 };
          const reads: { read: Series; copy: Series }[] = [];
          for (const [i, step] of steps.entries()) {
            clock[step.key] += step.dt;
            history.publish(step.key, metric, clock[step.key], i);
            if (!step.read) continue;
            const read = await history.read({ metric, now: Math.max(clock.a, clock.b), historyDays: 1 });
            columnsMatch(read);
            reads.push({ read, copy: structuredClone(read) });
          }
          for (const { read, copy } of reads) {
            expect(read).toEqual(copy);
            columnsMatch(read);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
