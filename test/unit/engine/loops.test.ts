import { describe, expect, it } from "vitest";
import { runAlarmEvaluation } from "../../../shared/engine/runAlarmEvaluation";
import { runTickLoop } from "../../../shared/engine/runTickLoop";
import { engineHarness, llmPolicy } from "./engineHarness";

describe("runTickLoop", () => {
  it("runs rounds on absolute deadlines start + k x interval until shortly before the next schedule", async () => {
    const h = engineHarness(1000);
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    const reports = await runTickLoop(h.deps, { intervalS: 10, until: 1050 });
    expect(reports.map((r) => r.startedAt)).toEqual([1000, 1010, 1020, 1030, 1040, 1050]);
  });

  it("skips deadlines an overrunning round missed instead of bursting", async () => {
    const h = engineHarness(1000);
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    // Every describe takes 25 s of (virtual) time.
    const describe = h.services.describe.bind(h.services);
    h.services.describe = async (c, s) => {
      h.clock.advance(25);
      return describe(c, s);
    };
    const reports = await runTickLoop(h.deps, { intervalS: 10, until: 1050 });
    expect(reports.map((r) => r.startedAt)).toEqual([1000, 1030]);
  });

  it("decides a delay coming due between two rounds at its deadline, in a round of just its targets", async () => {
    const h = engineHarness(1000);
    h.policies.putRaw("a", llmPolicy("a"));
    h.policies.putRaw("b", llmPolicy("b"));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.services.set("gpu", "llm-b", { desired: 2, running: 2, pending: 0 });
    // a: 10 ongoing until 990, then 60; the 30 s mean passes 20 at 996, so its delay is due at 1026.
    h.publish("a", 5, 930, 980);
    h.publish("a", 30, 990, 1100);
    h.publish("b", 10, 930, 1100);
    const reports = await runTickLoop(h.deps, { intervalS: 10, until: 1040 });
    const starts = reports.map((r) => r.startedAt);
    expect(starts.slice(0, 3)).toEqual([1000, 1010, 1020]);
    expect(starts[3]).toBeCloseTo(1026, 6);
    expect(starts.slice(4)).toEqual([1030, 1040]);
    expect(reports[3]!.outcomes.map((o) => o.targetId)).toEqual(["a"]);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
    expect(reports[3]!.outcomes[0]!.record?.latenessMs).toBe(0);
  });

  it("keeps looping after a round fails", async () => {
    const h = engineHarness(1000);
    let calls = 0;
    h.policies.list = async () => {
      calls++;
      if (calls === 1) throw new Error("DynamoDB throttled");
      return [];
    };
    const reports = await runTickLoop(h.deps, { intervalS: 10, until: 1020 });
    expect(reports).toHaveLength(2);
    expect(h.seen.errors).toHaveLength(1);
  });
});

describe("runAlarmEvaluation", () => {
  it("waits within its budget for a pending delay and decides at its deadline", async () => {
    const h = engineHarness(1000);
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    // 10 ongoing (2 x 5) until 990, then 60: the 30 s mean passes 20 (more than 2 replicas' worth) at
    // 996 on the metric timeline, so the 30 s delay fires at 1026.
    h.publish("a", 5, 930, 980);
    h.publish("a", 30, 990, 1100);
    const reports = await runAlarmEvaluation(h.deps, { targetIds: ["a"], until: 1000 + 840 });
    expect(reports).toHaveLength(2);
    expect(reports[0]!.startedAt).toBe(1000);
    expect(reports[1]!.startedAt).toBeCloseTo(1026, 6);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
    expect((await h.states.get("a"))?.lastDecision?.latenessMs).toBe(0);
  });

  it("does not wait past its budget", async () => {
    const h = engineHarness(1000);
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, 990, 1100);
    const reports = await runAlarmEvaluation(h.deps, { targetIds: ["a"], until: 1010 });
    expect(reports).toHaveLength(1);
    expect(h.services.calls).toEqual([]);
  });
});
