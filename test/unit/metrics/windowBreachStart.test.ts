import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AggregationFunction, aggregateWindow } from "../../../shared/metrics/aggregateWindow";
import type { Datapoint } from "../../../shared/metrics/Datapoint";
import { windowBreachStart } from "../../../shared/metrics/windowBreachStart";

const p = (t: number, v: number): Datapoint => ({ t, v });
const above = (c: number) => (v: number) => v > c;

describe("windowBreachStart", () => {
  it.each<{
    name: string;
    series: Datapoint[];
    now: number;
    lookBackS: number;
    fn: AggregationFunction;
    after?: number;
    expected: number | null;
  }>([
    { name: "is null without datapoints", series: [], now: 50, lookBackS: 30, fn: "mean", expected: null },
    {
      name: "is null when the aggregate at now does not breach",
      series: [p(0, 9), p(10, 1), p(20, 1), p(30, 1)],
      now: 50,
      lookBackS: 30,
      fn: "mean",
      expected: null,
    },
    {
      name: "with max, starts when the first breaching point enters the window",
      series: [p(0, 1), p(10, 1), p(20, 9), p(30, 9)],
      now: 50,
      lookBackS: 30,
      fn: "max",
      expected: 20,
    },
    {
      name: "with min, starts only when the last point below has left the window",
      series: [p(0, 1), p(10, 1), p(20, 9), p(30, 9), p(40, 9)],
      now: 60,
      lookBackS: 30,
      fn: "min",
      expected: 50,
    },
    {
      name: "clamps to the first instant considered when the run reaches back that far",
      series: [p(0, 9), p(10, 9), p(20, 9)],
      now: 30,
      lookBackS: 10,
      fn: "max",
      after: 10,
      expected: 20,
    },
    {
      name: "ignores datapoints after now (clock skew)",
      series: [p(0, 1), p(10, 9), p(40, 1)],
      now: 30,
      lookBackS: 10,
      fn: "max",
      expected: 10,
    },
  ])("$name", ({ series, now, lookBackS, fn, after, expected }) => {
    const options = { now, lookBackS, fn, ...(after === undefined ? {} : { after }) };
    expect(windowBreachStart(series, above(5), options)).toBe(expected);
  });

  it.each<{ name: string; series: Datapoint[]; now: number; lookBackS: number; expected: number }>([
    {
      // One point of 30 does not make a 30 s mean above 10: that takes until 30 (the mean is then 10).
      name: "with mean, starts when the time-weighted mean crosses, not when one datapoint does",
      series: [p(0, 0), p(10, 0), p(20, 30), p(30, 30), p(40, 30)],
      now: 60,
      lookBackS: 30,
      expected: 30,
    },
    {
      // From 20 the window mixes 1 (falling out) and 9: (30 - t) + 9 (t - 20) > 50 for t > 25.
      name: "with mean, finds a crossing between two instants",
      series: [p(0, 9), p(10, 1), p(20, 9)],
      now: 30,
      lookBackS: 10,
      expected: 25,
    },
    {
      // The mean falls to exactly 5 at 50 (breaking the run there) and rises above it right after.
      name: "with mean, a run broken only at the instant the mean touches the threshold starts after it",
      series: [p(35, 7), p(45, 3), p(50, 8)],
      now: 51,
      lookBackS: 10,
      expected: 50,
    },
  ])("$name", ({ series, now, lookBackS, expected }) => {
    const start = windowBreachStart(series, (v) => v > (lookBackS === 30 ? 10 : 5), {
      now,
      lookBackS,
      fn: "mean",
    });
    expect(start).toBeCloseTo(expected, 6);
  });

  it("returns the start of the trailing run in which the aggregate, read at any instant, breaches", () => {
    const seriesArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 })
      .chain((slots) =>
        fc
          .array(fc.integer({ min: 0, max: 10 }), { minLength: slots.length, maxLength: slots.length })
          .map((values) => slots.sort((a, b) => a - b).map((s, i) => p(s * 5, values[i]!))),
      );
    fc.assert(
      fc.property(
        seriesArb,
        fc.constantFrom(5, 10, 30),
        fc.constantFrom<AggregationFunction>("mean", "max", "min"),
        fc.integer({ min: 0, max: 120 }),
        (series, lookBackS, fn, now) => {
          const wanted = (at: number) => {
            const value = aggregateWindow(series, { now: at, lookBackS, fn }).value;
            return value !== null && value > 5;
          };
          const start = windowBreachStart(series, above(5), { now, lookBackS, fn });
          if (start === null) {
            expect(wanted(now)).toBe(false);
            return;
          }
          expect(start).toBeGreaterThanOrEqual(series[0]!.t);
          expect(start).toBeLessThanOrEqual(now);
          // Breaching at every instant from the start to now (sampled finely)...
          for (let at = start; at < now; at += 0.25) expect(wanted(at + 1e-7)).toBe(true);
          expect(wanted(now)).toBe(true);
          // ...and not just before it, or (the mean touching the threshold) not at a change instant right
          // there; unless the run reaches back to the first datapoint.
          const changes = series.flatMap((q) => [q.t, q.t + lookBackS]);
          const brokenAt = changes.filter((at) => Math.abs(at - start) < 1e-6 && !wanted(at));
          if (start > series[0]!.t) expect(!wanted(start - 1e-6) || brokenAt.length > 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
