import { describe, expect, it } from "vitest";
import { Rng } from "../../sim/Rng";
import { flashCrowdTrace } from "../../sim/traces/flashCrowdTrace";
import { generateArrivals } from "../../sim/traces/generateArrivals";
import { MARKET_DAY_START, marketHoursTrace } from "../../sim/traces/marketHoursTrace";
import type { RatePoint } from "../../sim/traces/Trace";

/** The expected number of requests: the integral of the piecewise-linear rate. */
function integral(rate: readonly RatePoint[], from = 0, to = Number.POSITIVE_INFINITY): number {
  let sum = 0;
  for (let i = 0; i + 1 < rate.length; i++) {
    const a = rate[i]!;
    const b = rate[i + 1]!;
    const lo = Math.max(a.t, from);
    const hi = Math.min(b.t, to);
    if (hi <= lo) continue;
    const at = (t: number) => a.rps + ((b.rps - a.rps) * (t - a.t)) / (b.t - a.t);
    sum += ((at(lo) + at(hi)) / 2) * (hi - lo);
  }
  return sum;
}

describe("arrivals", () => {
  it("are Poisson at a constant rate: count within 3 sigma, exponential gaps (mean 1/rate, CV 1)", () => {
    // arrange
    const rate = [
      { t: 0, rps: 2 },
      { t: 10_000, rps: 2 },
    ];
    // act
    const a = generateArrivals(rate, 10_000, new Rng(42));
    // assert
    expect(Math.abs(a.length - 20_000)).toBeLessThan(3 * Math.sqrt(20_000));
    const gaps = Array.from(a.slice(1), (t, i) => t - a[i]!);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(0.5, 1);
    expect(sd / mean).toBeGreaterThan(0.97);
    expect(sd / mean).toBeLessThan(1.03);
    expect([...a].every((t, i) => i === 0 || t >= a[i - 1]!)).toBe(true);
  });

  it("follow a changing rate: a linear ramp and a step get their expected counts", () => {
    const rate = [
      { t: 0, rps: 0 },
      { t: 4000, rps: 4 },
      { t: 4000, rps: 1 },
      { t: 8000, rps: 1 },
    ];
    const a = generateArrivals(rate, 8000, new Rng(7));
    const ramp = a.filter((t) => t < 4000).length;
    const flat = a.filter((t) => t >= 4000).length;
    expect(Math.abs(ramp - 8000)).toBeLessThan(3 * Math.sqrt(8000));
    expect(Math.abs(flat - 4000)).toBeLessThan(3 * Math.sqrt(4000));
    // A linear ramp puts three quarters of its requests in its second half.
    const late = a.filter((t) => t >= 2000 && t < 4000).length;
    expect(late / ramp).toBeGreaterThan(0.72);
    expect(late / ramp).toBeLessThan(0.78);
  });

  it("are the same for the same seed and differ for another", () => {
    const rate = [
      { t: 0, rps: 1 },
      { t: 600, rps: 1 },
    ];
    expect(generateArrivals(rate, 600, new Rng(1))).toEqual(generateArrivals(rate, 600, new Rng(1)));
    expect(generateArrivals(rate, 600, new Rng(2))).not.toEqual(generateArrivals(rate, 600, new Rng(1)));
  });
});

describe("built-in traces", () => {
  it("market-hours: 5 x 2,000 queries a day, 85 % of them 09:00-16:00 New York time, on a trading day", () => {
    const trace = marketHoursTrace(3);
    expect(integral(trace.rate)).toBeCloseTo(10_000, 6);
    expect(integral(trace.rate, 9 * 3600, 16 * 3600) / 10_000).toBeCloseTo(0.85, 6);
    // 2026-06-02 is a Tuesday; midnight in New York is 04:00 UTC during daylight saving time.
    expect(new Date(MARKET_DAY_START * 1000).toISOString()).toBe("2026-06-02T04:00:00.000Z");
    expect(new Date(MARKET_DAY_START * 1000).getUTCDay()).toBe(2);
    expect(trace.onsets).toContain(9.5 * 3600);
  });

  it("market-hours is bursty: its busiest minute carries at least 2x the market-hours mean", () => {
    const trace = marketHoursTrace(1);
    const market = trace.rate.filter((p) => p.t >= 9 * 3600 && p.t < 16 * 3600);
    const mean = market.reduce((s, p) => s + p.rps, 0) / market.length;
    expect(Math.max(...market.map((p) => p.rps))).toBeGreaterThan(2 * mean);
  });

  it("flash-crowd: the rate rises 10x within 30 s", () => {
    const trace = flashCrowdTrace();
    const onset = trace.onsets[0]!;
    const at = (t: number) => {
      const i = trace.rate.findIndex((p) => p.t > t);
      const a = trace.rate[i - 1]!;
      const b = trace.rate[i]!;
      return a.rps + ((b.rps - a.rps) * (t - a.t)) / (b.t - a.t);
    };
    expect(at(onset + 30) / at(onset - 1)).toBeCloseTo(10, 6);
  });
});
