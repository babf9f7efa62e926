import { describe, expect, it } from "vitest";
import { syncPolicyChange } from "../../../functions/policy-sync/syncPolicyChange";
import type { AlarmManager } from "../../../shared/engine/ports/AlarmManager";
import { engineHarness, llmPolicy } from "../engine/engineHarness";

/** An alarm manager that records which targets it was asked to write alarms for. */
function recordingAlarms(): AlarmManager & { synced: string[] } {
  const synced: string[] = [];
  return {
    synced,
    syncAlarms: async (targetId) => {
      synced.push(targetId);
      return { put: [], deleted: [], unchanged: [] };
    },
    deleteAlarms: async () => [],
  };
}

describe("policy-sync judges a stored item as the engine does", () => {
  it("a Ray-only item is invalid, naming target and load, and writes no alarms", async () => {
    const h = engineHarness();
    const alarms = recordingAlarms();
    const item = { targetId: "a", version: 1, min_replicas: 1, max_replicas: 4 };
    const outcome = await syncPolicyChange(h.deps, alarms, {
      itemIdentifier: "1",
      targetId: "a",
      kind: "upsert",
      item,
    });
    expect(outcome.valid).toBe(false);
    const status = (await h.states.get("a"))?.policyStatus;
    expect(status?.problems.map((p) => p.path)).toEqual(["$.target", "$.load"]);
    expect(alarms.synced).toEqual([]);
  });

  it("a policy with target and load is valid and keeps its alarms", async () => {
    const h = engineHarness();
    const alarms = recordingAlarms();
    const item = { targetId: "a", version: 1, ...llmPolicy("a") };
    const outcome = await syncPolicyChange(h.deps, alarms, {
      itemIdentifier: "1",
      targetId: "a",
      kind: "upsert",
      item,
    });
    expect(outcome.valid).toBe(true);
    expect(alarms.synced).toEqual(["a"]);
  });
});
