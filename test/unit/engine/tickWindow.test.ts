import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  INVOCATION_SAFETY_S,
  invocationDeadline,
  TICK_SCHEDULE_S,
  tickWindowEnd,
} from "../../../shared/engine/tickWindow";

describe("tickWindowEnd", () => {
  it.each([
    {
      name: "10 s rounds, 70 s timeout: last round 50 s in",
      start: 1000,
      intervalS: 10,
      remainingS: 70,
      want: 1050,
    },
    {
      name: "unbounded (the CLI): one interval before the next minute",
      start: 1000,
      intervalS: 15,
      want: 1045,
    },
    {
      name: "a short invocation: its time less the safety margin",
      start: 1000,
      intervalS: 10,
      remainingS: 40,
      want: 1025,
    },
    { name: "no time left still evaluates once", start: 1000, intervalS: 10, remainingS: 5, want: 1000 },
    { name: "a 60 s interval: one round a minute", start: 1000, intervalS: 60, remainingS: 70, want: 1000 },
  ])("$name", ({ start, intervalS, remainingS, want }) => {
    expect(tickWindowEnd({ start, intervalS, remainingS })).toBe(want);
  });

  it("never starts before the invocation, never reaches the next schedule's first round, never passes the deadline", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.option(fc.double({ min: 0, max: 900, noNaN: true }), { nil: undefined }),
        (start, intervalS, remainingS) => {
          const until = tickWindowEnd({ start, intervalS, remainingS });
          expect(until).toBeGreaterThanOrEqual(start);
          if (until > start) {
            expect(until + intervalS).toBeLessThanOrEqual(start + TICK_SCHEDULE_S);
            expect(until).toBeLessThanOrEqual(invocationDeadline({ now: start, remainingS }));
          }
        },
      ),
    );
  });
});

describe("invocationDeadline", () => {
  it("keeps INVOCATION_SAFETY_S free before the invocation's time runs out", () => {
    expect(invocationDeadline({ now: 1000, remainingS: 900 })).toBe(1000 + 900 - INVOCATION_SAFETY_S);
  });

  it("is unbounded without a remaining time", () => {
    expect(invocationDeadline({ now: 1000 })).toBe(Number.POSITIVE_INFINITY);
  });
});
