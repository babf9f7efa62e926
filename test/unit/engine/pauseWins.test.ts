import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { engineHarness, llmPolicy } from "./engineHarness";

/** A target that ran a valid policy at 4 replicas, then got an invalid edit that also sets `extra`. */
async function invalidEditOf(extra: Record<string, unknown>) {
  const h = engineHarness();
  h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0, downscale_delay_s: 0 }));
  h.services.set("gpu", "llm-a", { desired: 4, running: 4, pending: 0 });
  h.publish("a", 10, h.clock.now() - 30);
  await evaluateRound(h.deps);
  h.policies.putRaw("a", { ...llmPolicy("a"), max_replicas: "lots", ...extra });
  h.clock.advance(40);
  return h;
}

describe("pause always wins over an invalid item", () => {
  it("an invalid item with paused true holds the last known-good policy's target and acts on nothing", async () => {
    const h = await invalidEditOf({ paused: true });
    h.services.set("gpu", "llm-a", { desired: 7, running: 7, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(h.services.calls).toEqual([]);
    expect(report.invalidPolicies).toBe(1);
    expect(report.outcomes[0]?.record?.reason).toBe("hold at 4: paused: deciding nothing");
    expect((await h.states.get("a"))?.lastDecision?.heldBy).toBe("paused");
  });

  it.each([
    { paused: "scale_in", perReplica: 1, want: 4, calls: [] },
    { paused: "scale_in", perReplica: 20, want: 8, calls: [8] },
    { paused: "scale_out", perReplica: 20, want: 4, calls: [] },
  ])("an invalid item with paused $paused: load $perReplica per replica from 4 decides $want", async (c) => {
    const h = await invalidEditOf({ paused: c.paused });
    h.publish("a", c.perReplica, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.record?.desiredReplicas).toBe(c.want);
    expect(h.services.calls.map((call) => call.desired)).toEqual(c.calls);
    if (c.want === 4) expect(report.outcomes[0]?.record?.reason).toMatch(`paused ${c.paused}: holding at 4`);
  });

  it("an invalid item with shadow true keeps the last known-good policy from acting", async () => {
    const h = await invalidEditOf({ shadow: true });
    h.publish("a", 20, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(h.services.calls).toEqual([]);
    expect(report.outcomes[0]?.record?.reason).toMatch(/\[shadow: would set 8, service has 4\]$/);
  });

  it("an invalid paused value is not a pause: the last known-good policy runs as it was", async () => {
    const h = await invalidEditOf({ paused: "yes" });
    h.publish("a", 20, h.clock.now() - 30);
    await evaluateRound(h.deps);
    expect(h.services.calls.map((call) => call.desired)).toEqual([8]);
    expect((await h.states.get("a"))?.policyStatus?.problems.map((p) => p.path)).toContain("$.paused");
  });
});

describe("a partial pause in the engine", () => {
  it.each([
    { paused: "scale_in", handSet: 7, calls: [] },
    { paused: "scale_in", handSet: 2, calls: [4] },
    { paused: "scale_out", handSet: 2, calls: [] },
    { paused: "scale_out", handSet: 7, calls: [4] },
  ])(
    "paused $paused: a count set outside to $handSet is restored only against the held direction",
    async (c) => {
      const h = engineHarness();
      h.policies.putRaw("a", llmPolicy("a", { paused: c.paused }));
      h.services.set("gpu", "llm-a", { desired: 4, running: 4, pending: 0 });
      h.publish("a", 10, h.clock.now() - 30);
      await evaluateRound(h.deps);
      h.services.set("gpu", "llm-a", { desired: c.handSet, running: c.handSet, pending: 0 });
      h.clock.advance(40);
      // 40 requests in total: the decision stays at 4.
      h.publish("a", 40 / c.handSet, h.clock.now() - 30);
      const report = await evaluateRound(h.deps);
      expect(report.outcomes[0]?.record?.desiredReplicas).toBe(4);
      expect(h.services.calls.map((call) => call.desired)).toEqual(c.calls);
    },
  );
});
