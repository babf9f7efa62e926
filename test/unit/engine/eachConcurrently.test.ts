import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eachConcurrently } from "../../../shared/engine/eachConcurrently";
import { mapLimit } from "../../../shared/engine/mapLimit";

describe("eachConcurrently", () => {
  it.each([
    ["an array", (xs: string[]) => xs],
    ["a set", (xs: string[]) => new Set(xs)],
    ["a map's entries", (xs: string[]) => new Map(xs.map((x) => [x, x]))],
  ])("runs the function once on every item of %s, all started before any finishes", async (_, of) => {
    for (const xs of [[], ["a"], ["a", "b", "c"]]) {
      const started: unknown[] = [];
      const finished: unknown[] = [];
      await eachConcurrently(of(xs) as Iterable<unknown>, async (item) => {
        started.push(item);
        await Promise.resolve();
        expect(started).toHaveLength(xs.length);
        finished.push(item);
      });
      expect(finished).toHaveLength(xs.length);
    }
  });

  it("rejects with the function's error, for one item as for several", async () => {
    const boom = async () => {
      throw new Error("boom");
    };
    await expect(eachConcurrently(["a"], boom)).rejects.toThrow("boom");
    await expect(eachConcurrently(["a", "b"], boom)).rejects.toThrow("boom");
  });
});

describe("mapLimit", () => {
  it("maps every item in order, one item as several, with at most `limit` in flight", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        async (xs, limit) => {
          let inFlight = 0;
          let most = 0;
          const out = await mapLimit(xs, limit, async (x) => {
            most = Math.max(most, ++inFlight);
            await Promise.resolve();
            inFlight--;
            return x * 2;
          });
          expect(out).toEqual(xs.map((x) => x * 2));
          expect(most).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});
