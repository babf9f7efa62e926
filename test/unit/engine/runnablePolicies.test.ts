import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { engineHarness, llmPolicy } from "./engineHarness";

describe("the engine runs only policies with target and load", () => {
  it("a Ray-only item edited over a good policy is invalid (target and load named); the last known-good runs", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 10, h.clock.now() - 30);
    await evaluateRound(h.deps);
    h.policies.putRaw("a", { min_replicas: 1, max_replicas: 2 });
    h.clock.advance(40);
    h.publish("a", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.invalidPolicies).toBe(1);
    const state = await h.states.get("a");
    expect(state?.policyStatus?.problems.map((p) => p.path)).toEqual(["$.target", "$.load"]);
    // The last known-good policy (max_replicas 8) scales 2 -> 6, not the Ray-only body's max of 2.
    expect(h.services.calls.map((c) => c.desired)).toEqual([6]);
  });

  it("a Ray-only item never valid is skipped: nothing is called", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", { min_replicas: 1, max_replicas: 2 });
    const report = await evaluateRound(h.deps);
    expect(report.invalidPolicies).toBe(1);
    expect(h.services.calls).toEqual([]);
  });
});
