import { describe, expect, it } from "vitest";
import { decisionReason } from "../../../shared/policy/decisionReason";
import type { Cause } from "../../../shared/policy/PolicyStep";

const missing: Cause = {
  step: "fallback",
  why: "load unreadable (no datapoints), 1/3 before fallback",
  short: "load unreadable (no datapoints), 1/3 before fallback",
  onHold: "holding, never scaling down on missing data",
};
const bound: Cause = {
  step: "bounds",
  why: `min_replicas 3 of schedule window "peak" (${missing.short})`,
  short: `min_replicas 3 of schedule window "peak"`,
};

describe("decisionReason", () => {
  it.each<{ name: string; from: number; to: number; cause: Cause; expected: string }>([
    {
      name: "states a scale-up with its numbers and the step's words",
      from: 2,
      to: 3,
      cause: bound,
      expected:
        'scale up 2 -> 3: min_replicas 3 of schedule window "peak" (load unreadable (no datapoints), 1/3 before fallback)',
    },
    {
      name: "states a scale-down with its numbers",
      from: 6,
      to: 4,
      cause: {
        step: "bounds",
        why: "max_replicas 4 (load unreadable (the policy has no load section))",
        short: "",
      },
      expected: "scale down 6 -> 4: max_replicas 4 (load unreadable (the policy has no load section))",
    },
    {
      name: "adds a hold's words on a hold",
      from: 2,
      to: 2,
      cause: missing,
      expected:
        "hold at 2: load unreadable (no datapoints), 1/3 before fallback: holding, never scaling down on missing data",
    },
    {
      name: "never says a hold's words on a change",
      from: 2,
      to: 5,
      cause: missing,
      expected: "scale up 2 -> 5: load unreadable (no datapoints), 1/3 before fallback",
    },
  ])("$name", ({ from, to, cause, expected }) => {
    expect(decisionReason({ previousTarget: from, desired: to, cause })).toBe(expected);
  });
});
