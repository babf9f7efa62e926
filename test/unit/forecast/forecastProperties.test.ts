import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecastFloor } from "../../../shared/forecast/forecastFloor";
import { forecastLoad } from "../../../shared/forecast/forecastLoad";
import { forecastReplicasAt } from "../../../shared/forecast/forecastReplicasAt";
import type { Datapoint } from "../../../shared/metrics/Datapoint";
import { DAY, MONDAY } from "./historyFixtures";

const STEP = 300;
const SHORT = { horizonS: 6 * 3600 }; // six hours keep the properties fast; the code path is the same

/** A daily pattern: a level per hour of the day. */
const patternArb = fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 24, maxLength: 24 });
const patternAt = (pattern: readonly number[], t: number) => pattern[Math.floor((t % DAY) / 3600)]!;

/** Five-minute history of `days` days ending at `now`, each point the pattern times its noise factor. */
function history(
  pattern: readonly number[],
  now: number,
  days: number,
  noise: readonly number[],
): Datapoint[] {
  const points: Datapoint[] = [];
  for (let t = now - days * DAY, i = 0; t < now; t += STEP, i++) {
    points.push({ t, v: patternAt(pattern, t) * (noise[i % noise.length] ?? 1) });
  }
  return points;
}

const nowArb = fc.integer({ min: 0, max: 7 * 288 - 1 }).map((slot) => MONDAY + 14 * DAY + slot * STEP);
const noiseArb = fc.array(fc.double({ min: 0.95, max: 1.05, noNaN: true }), { minLength: 1, maxLength: 50 });

describe("forecaster properties", () => {
  it("has no look-ahead: changing or adding data at or after now changes nothing", () => {
    fc.assert(
      fc.property(
        patternArb,
        fc.integer({ min: 1, max: 5 }),
        nowArb,
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3 * DAY }), v: fc.double({ min: 0, max: 1e4 }) })),
        (pattern, days, now, future) => {
          const past = history(pattern, now, days, [1]);
          const leaked = [...past, ...future.map(({ dt, v }) => ({ t: now + dt, v }))];
          expect(forecastLoad({ history: leaked, now, options: SHORT })).toEqual(
            forecastLoad({ history: past, now, options: SHORT }),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("gives null, never an error, with less than 24 h of history", () => {
    fc.assert(
      fc.property(
        nowArb,
        fc.array(fc.record({ age: fc.integer({ min: 1, max: DAY - 1 }), v: fc.double() })),
        (now, points) => {
          const data = points.map(({ age, v }) => ({ t: now - age, v }));
          expect(forecastLoad({ history: data, now, options: SHORT })).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
  });

  it("is robust to one odd or missing day: x5, zero or absent moves each slot by at most 15 % of the pattern", () => {
    fc.assert(
      fc.property(
        patternArb,
        noiseArb,
        nowArb,
        fc.integer({ min: 2, max: 13 }), // days back; the last day is the recent level's, by design
        fc.constantFrom("x5", "zero", "missing"),
        (pattern, noise, now, back, kind) => {
          const normal = history(pattern, now, 14, noise);
          const from = now - back * DAY;
          const odd = normal.flatMap((p) => {
            if (p.t < from || p.t >= from + DAY) return [p];
            if (kind === "missing") return [];
            return [{ t: p.t, v: kind === "x5" ? p.v * 5 : 0 }];
          });
          const base = forecastLoad({ history: normal, now, options: SHORT })!;
          const moved = forecastLoad({ history: odd, now, options: SHORT })!;
          base.values.forEach((v, i) => {
            const level = patternAt(pattern, base.startS + i * STEP);
            expect(Math.abs(moved.values[i]! - v)).toBeLessThanOrEqual(0.15 * level + 0.002);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("never lowers the reactive decision, and leaves it alone without a forecast", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
        (reactive, forecastReplicas) => {
          const floored = forecastFloor({ reactive, forecastReplicas });
          expect(floored).toBeGreaterThanOrEqual(reactive);
          expect(floored).toBe(forecastReplicas === null ? reactive : Math.max(reactive, forecastReplicas));
        },
      ),
    );
  });

  it("needs enough replicas for every slot of the window around the instant", () => {
    fc.assert(
      fc.property(
        patternArb,
        nowArb,
        fc.integer({ min: 0, max: 5 * 3600 }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        (pattern, now, lead, target) => {
          const forecast = forecastLoad({ history: history(pattern, now, 2, [1]), now, options: SHORT })!;
          const at = now + lead;
          const replicas = forecastReplicasAt({ forecast, at, targetOngoingRequests: target })!;
          for (const t of [at - STEP, at, at + STEP]) {
            const i = Math.floor((t - forecast.startS) / STEP);
            if (i < 0 || i >= forecast.values.length) continue;
            expect(replicas * target).toBeGreaterThanOrEqual(forecast.values[i]! * (1 - 1e-9));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is deterministic: the same history, in any order, gives the same forecast", () => {
    fc.assert(
      fc.property(patternArb, nowArb, fc.integer({ min: 1, max: 1000 }), (pattern, now, seed) => {
        const data = history(pattern, now, 3, [1, 1.02, 0.97]);
        const shuffled = [...data].sort((a, b) => ((a.t * seed) % 997) - ((b.t * seed) % 997));
        const first = forecastLoad({ history: data, now, options: SHORT });
        expect(forecastLoad({ history: shuffled, now, options: SHORT })).toEqual(first);
        expect(forecastLoad({ history: data, now, options: SHORT })).toEqual(first);
      }),
      { numRuns: 30 },
    );
  });
});
