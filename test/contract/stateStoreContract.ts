/**
 * The StateStore contract, one test body run against every implementation: DynamoStateStore on the emulator
 * (test/integration/aws/DynamoStateStore.contract.test.ts), the in-memory one and the simulator's
 * (test/contract/stateStores.contract.test.ts). What the engine relies on: conditional writes on the
 * version read, marking an action applied once, the settings item apart from the targets.
 */
import { expect, it } from "vitest";
import { SETTINGS_ITEM_ID, type StateStore } from "../../shared/engine/ports/StateStore";
import { StateConflictError } from "../../shared/errors/StateConflictError";
import { fullState, initialState } from "../unit/aws/fixtures";

/** Awaits `promise` and returns what it rejected with; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Registers the contract's tests (call inside a describe); `store()` gives the store under test, empty. */
export function stateStoreContract(store: () => StateStore): void {
  it("reads a target never written as absent", async () => {
    expect(await store().get("nobody")).toBeUndefined();
    expect((await store().getMany(["nobody"])).size).toBe(0);
  });

  it("reads back exactly the state it wrote, alone and in a batch with missing and repeated ids", async () => {
    const state = fullState({ version: 1 });
    await store().put(state, 0);
    await store().put(initialState("idle"), 0);
    expect(await store().get(state.targetId)).toEqual(state);
    const many = await store().getMany([state.targetId, "nobody", "idle", state.targetId]);
    expect([...many.keys()].sort()).toEqual(["idle", state.targetId].sort());
    expect(many.get("idle")).toEqual(initialState("idle"));
  });

  it("keeps a stored state as written when a reader changes what it read (the change throws, or stays the reader's)", async () => {
    const state = fullState({ version: 1 });
    const written = structuredClone(state);
    await store().put(state, 0);
    const read = (await store().get(state.targetId)) as { target: number; policyState: { counter: number } };
    try {
      read.target = 999;
      read.policyState.counter = 999;
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
    }
    expect(await store().get(state.targetId)).toEqual(written);
    expect((await store().getMany([state.targetId])).get(state.targetId)).toEqual(written);
  });

  it("keeps a group's idle-instance timer, and its clearing, across writes and an applied mark", async () => {
    const held = {
      ...initialState("t1", 1),
      groupScaleIn: {
        group: "gpu-asg",
        steps: [
          { instances: 3, since: 1_767_225_300.125 },
          { instances: 1, since: 1_767_225_420.5 },
        ],
      },
    };
    await store().put(held, 0);
    expect(await store().get("t1")).toEqual(held);
    const moved = {
      ...fullState({ version: 2, targetId: "t1" }),
      groupScaleIn: { group: "other", steps: [{ instances: 2, since: 7.5 }] },
    };
    await store().put(moved, 1);
    expect(await store().markActionApplied("t1", "llm-a:3", 8, null)).toBe(true);
    expect((await store().get("t1"))?.groupScaleIn).toEqual({
      group: "other",
      steps: [{ instances: 2, since: 7.5 }],
    });
    await store().put({ ...initialState("t1", 4), groupScaleIn: null }, 3);
    expect((await store().get("t1"))?.groupScaleIn).toBeNull();
  });

  it("lets only the writer holding the stored version win, with a StateConflictError for the others", async () => {
    await store().put(initialState("t1", 1), 0);
    await store().put({ ...initialState("t1", 2), target: 3 }, 1);
    const stale = await rejection(store().put({ ...initialState("t1", 2), target: 5 }, 1));
    const again = await rejection(store().put(initialState("t1", 1), 0));
    expect(stale).toBeInstanceOf(StateConflictError);
    expect(again).toBeInstanceOf(StateConflictError);
    expect(await store().get("t1")).toMatchObject({ version: 2, target: 3 });
  });

  it("gives exactly one of several concurrent writers over the same version the write", async () => {
    await store().put(initialState("t1", 1), 0);
    const writes = [1, 2, 3, 4, 5].map((k) => store().put({ ...initialState("t1", 2), target: k }, 1));
    const results = await Promise.allSettled(writes);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(1);
    for (const reason of lost) expect(reason).toBeInstanceOf(StateConflictError);
    expect((await store().get("t1"))?.version).toBe(2);
  });

  it("refuses a state whose version is not the expected one plus one, or that uses the settings id", async () => {
    const skipped = await rejection(store().put(initialState("t1", 3), 0));
    const settings = await rejection(store().put(initialState(SETTINGS_ITEM_ID, 1), 0));
    expect(skipped).toBeInstanceOf(RangeError);
    expect(settings).toBeInstanceOf(RangeError);
    expect(await store().get("t1")).toBeUndefined();
  });

  it("marks the stored action applied once, bumping the version and dropping its maker; another action id, or none, is refused", async () => {
    const state = fullState({ version: 1 });
    await store().put(state, 0);
    await store().put(initialState("idle"), 0);
    const wrongId = await store().markActionApplied("llm-a", "llm-a:2", 1_767_225_601.5, null);
    const first = await store().markActionApplied("llm-a", "llm-a:3", 1_767_225_601.5, null);
    const second = await store().markActionApplied("llm-a", "llm-a:3", 1_767_225_602, null);
    const missing = await store().markActionApplied("nobody", "nobody:1", 1, null);
    const idle = await store().markActionApplied("idle", "idle:1", 5, null);
    expect([wrongId, first, second, missing, idle]).toEqual([false, true, false, false, false]);
    const { decidedBy: _maker, ...made } = state.action!;
    expect(state.action?.decidedBy).toBeDefined();
    expect(await store().get("llm-a")).toEqual({
      ...state,
      version: 2,
      action: { ...made, appliedAt: 1_767_225_601.5, error: null },
    });
    expect((await store().get("idle"))?.version).toBe(1);
  });

  it("records a failed action's error, leaving it unapplied, and a later write must hold the bumped version", async () => {
    await store().put(fullState({ version: 1 }), 0);
    const failed = await store().markActionApplied("llm-a", "llm-a:3", null, "ECS UpdateService failed");
    const overOld = await rejection(store().put(fullState({ version: 2 }), 1));
    expect(failed).toBe(true);
    const marked = (await store().get("llm-a"))?.action;
    expect(marked).toMatchObject({ appliedAt: null, error: "ECS UpdateService failed" });
    expect(marked).not.toHaveProperty("decidedBy");
    expect(overOld).toBeInstanceOf(StateConflictError);
    await store().put(fullState({ version: 3 }), 2);
  });

  it("reads default settings until written, then the stored ones; the settings item is no target", async () => {
    const before = await store().getSettings();
    await store().putSettings({ killSwitch: true, ceilings: { maxGpus: 16 } });
    const after = await store().getSettings();
    expect(before).toEqual({ killSwitch: false, ceilings: {} });
    expect(after).toEqual({ killSwitch: true, ceilings: { maxGpus: 16 } });
    expect((await store().getMany([SETTINGS_ITEM_ID])).size).toBe(0);
    expect(await store().get(SETTINGS_ITEM_ID)).toBeUndefined();
  });
}
