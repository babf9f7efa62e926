import { describe, expect, it } from "vitest";
import { freshTargetState } from "../../../shared/engine/freshTargetState";
import { mergePolicyValidation, planPolicyStatus } from "../../../shared/engine/policyStatusRule";
import type { PolicyStatus, TargetState } from "../../../shared/engine/ports/TargetState";
import { writePolicyStatus } from "../../../shared/engine/writePolicyStatus";
import { StateConflictError } from "../../../shared/errors/StateConflictError";
import { InMemoryStateStore } from "../../../shared/inMemory/InMemoryStateStore";

const status = (version: number, valid = true): PolicyStatus => ({
  version,
  valid,
  problems: valid ? [] : [{ path: "$.max_replicas", message: "Expected number" }],
  checkedAt: 100,
});
const good = (version: number) => ({ version, body: { max_replicas: version } });
const stateWith = (fields: Partial<TargetState>): TargetState => ({
  ...freshTargetState("a"),
  version: 3,
  ...fields,
});

describe("the policy-status rule", () => {
  const CASES = [
    {
      name: "records the first validation of a target never written",
      state: freshTargetState("a"),
      validation: { status: status(1), lastKnownGood: good(1) },
      expected: { status: status(1), lastKnownGood: good(1) },
    },
    {
      name: "a newer version replaces the status and the last known-good",
      state: stateWith({ policyStatus: status(2), lastKnownGood: good(2) }),
      validation: { status: status(3), lastKnownGood: good(3) },
      expected: { status: status(3), lastKnownGood: good(3) },
    },
    {
      name: "an invalid newer version replaces the status but keeps the last known-good",
      state: stateWith({ policyStatus: status(2), lastKnownGood: good(2) }),
      validation: { status: status(3, false), lastKnownGood: null },
      expected: { status: status(3, false), lastKnownGood: good(2) },
    },
    {
      name: "an older version (a stream record replayed late) changes nothing",
      state: stateWith({ policyStatus: status(5), lastKnownGood: good(5) }),
      validation: { status: status(4), lastKnownGood: good(4) },
      expected: { status: status(5), lastKnownGood: good(5) },
    },
  ];
  for (const c of CASES) {
    it(c.name, () => {
      expect(mergePolicyValidation({ state: c.state, validation: c.validation })).toEqual(c.expected);
    });
  }

  it("plans no write when the state already records the same version and validity", () => {
    const state = stateWith({ policyStatus: status(2), lastKnownGood: good(2) });
    const next = planPolicyStatus({
      state,
      validation: { status: status(2), lastKnownGood: good(2) },
      now: 9,
    });
    expect(next).toBeUndefined();
  });

  it("plans a write over the version read, bumping it", () => {
    const state = stateWith({ policyStatus: status(2), lastKnownGood: good(2) });
    const next = planPolicyStatus({
      state,
      validation: { status: status(3), lastKnownGood: good(3) },
      now: 9,
    });
    expect(next).toMatchObject({ version: 4, policyStatus: status(3), lastKnownGood: good(3), updatedAt: 9 });
  });
});

describe("policy-sync and the evaluation share the rule", () => {
  it("a deleted policy's status and last known-good are forgotten, so one created again at version 1 is recorded", async () => {
    const states = new InMemoryStateStore();
    await states.put(stateWith({ version: 1, policyStatus: status(7), lastKnownGood: good(7) }), 0);
    // act: the policy item is deleted, then created again (version 1)
    await writePolicyStatus({ states, targetId: "a", validation: null, now: 20 });
    await writePolicyStatus({
      states,
      targetId: "a",
      validation: { status: status(1), lastKnownGood: good(1) },
      now: 30,
    });
    // assert
    expect(await states.get("a")).toMatchObject({ policyStatus: status(1), lastKnownGood: good(1) });
  });

  it("deleting a policy of a target never written writes nothing", async () => {
    const states = new InMemoryStateStore({ recordWrites: true });
    expect(await writePolicyStatus({ states, targetId: "a", validation: null, now: 20 })).toBe(false);
    expect(states.writes).toEqual([]);
  });
});

describe("writePolicyStatus", () => {
  it("re-reads and re-applies the rule when another writer wins the first write", async () => {
    const states = new InMemoryStateStore();
    await states.put(stateWith({ version: 1, policyStatus: status(1) }), 0);
    // The caller's snapshot is stale: the state moved on to version 2 since.
    await states.put(stateWith({ version: 2, policyStatus: status(1), target: 4 }), 1);
    const wrote = await writePolicyStatus({
      states,
      targetId: "a",
      validation: { status: status(2), lastKnownGood: good(2) },
      now: 10,
      known: { state: stateWith({ version: 1, policyStatus: status(1) }) },
    });
    expect(wrote).toBe(true);
    expect(await states.get("a")).toMatchObject({ version: 3, target: 4, policyStatus: status(2) });
  });

  it("gives up with a StateConflictError when every attempt loses", async () => {
    const states = new InMemoryStateStore();
    const losing = {
      get: async () => undefined,
      put: async () => {
        throw new StateConflictError("state a");
      },
    };
    await expect(
      writePolicyStatus({
        states: losing,
        targetId: "a",
        validation: { status: status(1), lastKnownGood: null },
        now: 1,
      }),
    ).rejects.toBeInstanceOf(StateConflictError);
    expect(await states.get("a")).toBeUndefined();
  });
});
