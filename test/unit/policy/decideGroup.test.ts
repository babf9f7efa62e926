import { describe, expect, it } from "vitest";
import { decideGroup, type GroupMember } from "../../../shared/policy/decideGroup";
import { contextOf, policyOf } from "./policyContext";

const stage = (stageIndex: number, extra: Record<string, unknown> = {}) =>
  policyOf({
    min_replicas: 1,
    max_replicas: 20,
    target_ongoing_requests: 2,
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    group: { name: "pipeline", stage: stageIndex, ...extra },
  });

describe("decideGroup", () => {
  it("sizes a downstream stage from its upstream demand before its own queue grows", () => {
    // arrange: the tokenizer sees a burst (20 requests -> 10 replicas); the generator's queue is still empty.
    const members: GroupMember[] = [
      { id: "tokenizer", policy: stage(0), input: contextOf({ currentReplicas: 2, total: 20 }) },
      {
        id: "generator",
        policy: stage(1, { upstream_ratio: 1.5 }),
        input: contextOf({ currentReplicas: 2, total: 1 }),
      },
    ];
    // act
    const decisions = decideGroup(members);
    // assert
    expect(decisions.get("tokenizer")?.desiredReplicas).toBe(10);
    expect(decisions.get("generator")?.desiredReplicas).toBe(15);
    expect(decisions.get("generator")?.trace.some((s) => s.step === "group")).toBe(true);
  });

  it("still applies each member's own delays and bounds", () => {
    const slow = policyOf({
      max_replicas: 12,
      target_ongoing_requests: 2,
      upscale_delay_s: 60,
      group: { name: "pipeline", stage: 1, upstream_ratio: 2 },
    });
    const members: GroupMember[] = [
      { id: "a", policy: stage(0), input: contextOf({ currentReplicas: 2, total: 20 }) },
      { id: "b", policy: slow, input: contextOf({ now: 1000, currentReplicas: 2, total: 0 }) },
    ];
    const first = decideGroup(members).get("b")!;
    expect(first.desiredReplicas).toBe(2);
    expect(first.pendingDelay?.firesAt).toBe(1060);
    const later = decideGroup([
      members[0]!,
      { ...members[1]!, input: contextOf({ now: 1060, currentReplicas: 2, total: 0, state: first.state }) },
    ]);
    // 10 x 2 = 20, capped by b's own max_replicas 12.
    expect(later.get("b")?.desiredReplicas).toBe(12);
  });

  it("grants a shared GPU budget to the bottleneck first", () => {
    const members: GroupMember[] = [
      { id: "light", policy: stage(0, { max_gpus: 10 }), input: contextOf({ currentReplicas: 2, total: 8 }) },
      {
        id: "bottleneck",
        policy: stage(1, { max_gpus: 10 }),
        input: contextOf({ currentReplicas: 2, total: 24 }),
      },
    ];
    const decisions = decideGroup(members);
    // bottleneck wants 12 (pressure 6), light wants 4 (pressure 2); 10 GPUs, 4 already in use.
    expect(decisions.get("bottleneck")?.desiredReplicas).toBe(8);
    expect(decisions.get("light")?.desiredReplicas).toBe(2);
    expect(decisions.get("light")?.reason).toMatch(/GPU budget/);
  });

  it("never takes replicas a member already has to honour the budget", () => {
    const members: GroupMember[] = [
      { id: "a", policy: stage(0, { max_gpus: 4 }), input: contextOf({ currentReplicas: 6, total: 12 }) },
      { id: "b", policy: stage(1, { max_gpus: 4 }), input: contextOf({ currentReplicas: 3, total: 6 }) },
    ];
    const decisions = decideGroup(members);
    expect(decisions.get("a")?.desiredReplicas).toBe(6);
    expect(decisions.get("b")?.desiredReplicas).toBe(3);
  });

  it("decides like decide() for members with no coordination to apply", () => {
    const members: GroupMember[] = [
      { id: "solo", policy: stage(0), input: contextOf({ currentReplicas: 3, total: 20 }) },
    ];
    expect(decideGroup(members).get("solo")?.desiredReplicas).toBe(10);
  });
});
