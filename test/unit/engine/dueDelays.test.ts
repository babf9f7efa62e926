import { describe, expect, it } from "vitest";
import { dueDelays } from "../../../shared/engine/dueDelays";
import type { RoundReport, TargetOutcome } from "../../../shared/engine/RoundReport";
import type { Decision } from "../../../shared/policy/decide";

const outcome = (targetId: string, firesAt: number | null): TargetOutcome => ({
  targetId,
  status: "decided",
  actions: [],
  decision: {
    pendingDelay: firesAt === null ? null : { direction: "up", wanted: 3, since: firesAt - 30, firesAt },
  } as Decision,
});
const report = (outcomes: TargetOutcome[]): RoundReport => ({
  startedAt: 1000,
  finishedAt: 1000,
  outcomes,
  conflicts: 0,
  errors: 0,
  actions: 0,
  invalidPolicies: 0,
  calls: {},
});

describe("dueDelays", () => {
  it("lists the targets whose pending delay fires before the given time, soonest first", () => {
    const r = report([outcome("a", 1008), outcome("b", 1003), outcome("c", 1010), outcome("d", null)]);
    expect(dueDelays(r, 1010)).toEqual([
      { targetId: "b", at: 1003 },
      { targetId: "a", at: 1008 },
    ]);
  });

  it("ignores outcomes without a decision (skipped, errors, conflicts)", () => {
    const r = report([{ targetId: "x", status: "error", actions: [], error: "boom" }]);
    expect(dueDelays(r, 2000)).toEqual([]);
  });
});
