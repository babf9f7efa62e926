import { describe, expect, it } from "vitest";
import { SimStateStore } from "../../sim/driftless/SimStateStore";
import { fullState } from "../unit/aws/fixtures";

describe("the simulator's state store", () => {
  it("hands out stored items frozen all the way down, so code changing one throws", async () => {
    const store = new SimStateStore();
    await store.put(fullState({ version: 1 }), 0);
    const stored = (await store.get(fullState().targetId))!;
    expect(() => {
      (stored.policyState as { counter?: number }).counter = 5;
    }).toThrow(TypeError);
    expect(() => {
      (stored.lastDecision!.trace as unknown[]).push("x");
    }).toThrow(TypeError);
  });

  it("freezes a last known-good body the engine passed on shallow-frozen", async () => {
    const store = new SimStateStore();
    const state = fullState({ version: 1 });
    const lastKnownGood = Object.freeze({ ...state.lastKnownGood!, body: { ...state.lastKnownGood!.body } });
    await store.put({ ...state, lastKnownGood }, 0);
    const stored = (await store.get(state.targetId))!;
    expect(() => {
      stored.lastKnownGood!.body.min_replicas = 9;
    }).toThrow(TypeError);
  });
});
