import { describe, expect, it } from "vitest";
import type { BatchRetryOptions } from "../../../shared/aws/BatchRetryOptions";
import { backoffDelayMs } from "../../../shared/aws/backoffDelayMs";
import { chunk } from "../../../shared/aws/chunk";
import { retryUnprocessed } from "../../../shared/aws/retryUnprocessed";

function options(sleeps: number[], maxAttempts = 4): BatchRetryOptions {
  return {
    maxAttempts,
    baseDelayMs: 50,
    maxDelayMs: 150,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

describe("chunk", () => {
  it.each([
    { items: [], size: 3, chunks: [] },
    { items: [1, 2, 3], size: 3, chunks: [[1, 2, 3]] },
    { items: [1, 2, 3, 4], size: 3, chunks: [[1, 2, 3], [4]] },
    { items: [1, 2], size: 1, chunks: [[1], [2]] },
  ])("splits $items into chunks of $size", ({ items, size, chunks }) => {
    expect(chunk(items, size)).toEqual(chunks);
  });

  it("refuses a size below 1", () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe("backoffDelayMs", () => {
  it("doubles from the base and stops at the cap", () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, 50, 300))).toEqual([50, 100, 200, 300, 300]);
  });
});

describe("retryUnprocessed", () => {
  it("re-sends what came back unprocessed, waiting longer each time, until nothing is left", async () => {
    // arrange: each send processes the first item only
    const sleeps: number[] = [];
    const sent: number[][] = [];

    // act
    const left = await retryUnprocessed(
      [1, 2, 3],
      async (items) => {
        sent.push([...items]);
        return items.slice(1);
      },
      options(sleeps),
    );

    // assert
    expect(left).toEqual([]);
    expect(sent).toEqual([[1, 2, 3], [2, 3], [3]]);
    expect(sleeps).toEqual([50, 100]);
  });

  it("stops after maxAttempts sends and returns what is still unprocessed", async () => {
    // arrange
    const sleeps: number[] = [];
    let sends = 0;

    // act
    const left = await retryUnprocessed(
      ["a", "b"],
      async (items) => {
        sends += 1;
        return items;
      },
      options(sleeps, 4),
    );

    // assert
    expect(left).toEqual(["a", "b"]);
    expect(sends).toBe(4);
    expect(sleeps).toEqual([50, 100, 150]);
  });

  it("sends nothing for nothing, and lets a failed send reject at once", async () => {
    // arrange
    const sleeps: number[] = [];
    let sends = 0;
    const count = async (items: readonly number[]) => {
      sends += 1;
      return items;
    };

    // act
    const none = await retryUnprocessed([], count, options(sleeps));
    const failed = retryUnprocessed([1], async () => Promise.reject(new Error("throttled")), options(sleeps));

    // assert
    expect(none).toEqual([]);
    expect(sends).toBe(0);
    await expect(failed).rejects.toThrow("throttled");
    expect(sleeps).toEqual([]);
  });
});
