import { describe, expect, it } from "vitest";
import { formatWarmPool } from "../../cli/format/formatWarmPool";

const pool = {
  poolState: "Stopped",
  stopped: 0,
  running: 0,
  hibernated: 0,
  preparing: 0,
  reuseOnScaleIn: true,
};

describe("formatWarmPool", () => {
  it.each([
    [
      "stopped instances and reuse on scale-in",
      { ...pool, stopped: 3 },
      "warm pool: 3 stopped ready (pool state Stopped; scale-in returns instances to the pool)",
    ],
    [
      "other ready states and instances being prepared, only when there are any",
      { ...pool, poolState: "Running", running: 2, preparing: 1 },
      "warm pool: 0 stopped ready, 2 running ready, 1 preparing (pool state Running; scale-in returns instances to the pool)",
    ],
    [
      "a pool that does not take instances back on scale-in",
      { ...pool, stopped: 1, reuseOnScaleIn: false },
      "warm pool: 1 stopped ready (pool state Stopped; ReuseOnScaleIn off: scale-in terminates instances)",
    ],
  ])("%s", (_name, input, line) => {
    expect(formatWarmPool(input)).toBe(line);
  });
});
