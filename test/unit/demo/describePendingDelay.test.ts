import { describe, expect, it } from "vitest";
import { describePendingDelay } from "../../../demo/describePendingDelay";

describe("describePendingDelay (the demo's pending line)", () => {
  const base = { now: 130, start: 100, maxReplicas: 6 };
  it.each([
    {
      name: "a delay ahead",
      delay: { direction: "up" as const, wanted: 4, firesAt: 140 },
      line: "scale up to 4 at +40 s",
    },
    {
      name: "a wanted count beyond max_replicas is shown at the bound",
      delay: { direction: "up" as const, wanted: 11, firesAt: 140 },
      line: "scale up to 6 (11 wanted, max_replicas 6) at +40 s",
    },
    {
      name: "a delay whose time has passed is not shown",
      delay: { direction: "down" as const, wanted: 2, firesAt: 129 },
      line: null,
    },
    { name: "no delay", delay: null, line: null },
  ])("$name", ({ delay, line }) => {
    expect(describePendingDelay({ ...base, delay })).toBe(line);
  });
});
