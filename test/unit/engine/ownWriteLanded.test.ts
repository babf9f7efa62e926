import { describe, expect, it } from "vitest";
import type { ScalingAction, TargetState } from "../../../shared/engine/ports/TargetState";
import { ownWriteLanded } from "../../../shared/engine/stateWriteRules";
import { fullState } from "../aws/fixtures";

/** The evaluation asking: it wrote version 3 and did not hear back. */
const MINE = "llm-a:3:e1";

/** The stored item read back: version 4 by another evaluation, whose action is `action`. */
const superseded = (action: Partial<ScalingAction> | null): TargetState => {
  const base = fullState();
  return {
    ...base,
    version: 4,
    lastDecision: { ...base.lastDecision!, evaluationId: "llm-a:4:e9" },
    action: action === null ? null : { ...base.action!, ...action },
  };
};

describe("ownWriteLanded (recognising a write whose answer was lost)", () => {
  it.each([
    { name: "no item: nothing landed", stored: undefined, landed: false },
    { name: "the stored last decision is this evaluation's", stored: fullState(), landed: true },
    {
      name: "superseded by a write that kept this evaluation's action, still unapplied",
      stored: superseded({ decidedBy: MINE }),
      landed: true,
    },
    {
      name: "superseded, and the kept action was already applied: nothing is left to do",
      stored: superseded({ decidedBy: MINE, appliedAt: 5 }),
      landed: false,
    },
    {
      name: "superseded, and the kept action failed: the next evaluation retries it",
      stored: superseded({ decidedBy: MINE, error: "boom" }),
      landed: false,
    },
    {
      name: "superseded by a write with an action of its own",
      stored: superseded({ id: "llm-a:4", decidedBy: "llm-a:4:e9" }),
      landed: false,
    },
    {
      name: "superseded, with an action written before actions named their maker",
      stored: superseded({ decidedBy: undefined }),
      landed: false,
    },
    { name: "superseded, with no action", stored: superseded(null), landed: false },
  ])("$name: $landed", ({ stored, landed }) => {
    expect(ownWriteLanded(stored, MINE)).toBe(landed);
  });
});
