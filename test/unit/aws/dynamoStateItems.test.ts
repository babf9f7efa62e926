import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, fromSettingsItem } from "../../../shared/aws/fromSettingsItem";
import { fromStateItem } from "../../../shared/aws/fromStateItem";
import { STATE_TABLE } from "../../../shared/aws/tableDefinitions";
import { toSettingsItem } from "../../../shared/aws/toSettingsItem";
import { toStateItem } from "../../../shared/aws/toStateItem";
import type { TargetState } from "../../../shared/engine/ports/TargetState";
import { INITIAL_POLICY_STATE } from "../../../shared/policy/PolicyState";
import { fullState, initialState } from "./fixtures";

describe("toStateItem / fromStateItem", () => {
  it("stores native maps with nulls and the trace as a JSON string", () => {
    // arrange
    const state = fullState();

    // act
    const item = toStateItem(state);

    // assert
    expect(item.lastDecision?.trace).toBe(JSON.stringify(state.lastDecision?.trace));
    expect(item.policyState).toEqual(state.policyState);
    expect(item.action).toEqual(state.action);
  });

  it.each([
    { name: "a full state", state: fullState() },
    { name: "an initial state", state: initialState("t1") },
    {
      name: "a state with an applied, failed action",
      state: fullState({ action: { ...fullState().action!, appliedAt: 5, error: "x" } }),
    },
    {
      name: "a decision that read a warm pool",
      state: fullState({
        lastDecision: {
          ...fullState().lastDecision!,
          warmPool: {
            poolState: "Stopped",
            stopped: 3,
            running: 1,
            hibernated: 0,
            preparing: 2,
            reuseOnScaleIn: true,
          },
        },
      }),
    },
  ])("round-trips $name", ({ state }) => {
    expect(fromStateItem(toStateItem(state) as unknown as Record<string, unknown>)).toEqual(state);
  });

  it("persists only TargetState's fields (stray properties are not written)", () => {
    // arrange
    const state = {
      ...fullState(),
      extra: "x",
      policyState: { ...fullState().policyState, junk: 1 },
    } as TargetState;

    // act
    const item = toStateItem(state) as unknown as Record<string, unknown>;

    // assert
    expect(item).not.toHaveProperty("extra");
    expect(item.policyState).not.toHaveProperty("junk");
  });

  it("round-trips any finite numbers and trace text exactly (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        (ts, out, note) => {
          // -0 is not a DynamoDB number: both JSON and DynamoDB store it as 0.
          const state = fullState({
            policyState: { ...fullState().policyState, ts: ts === 0 ? 0 : ts },
            lastDecision: {
              ...fullState().lastDecision!,
              trace: [{ step: "s", out: out === 0 ? 0 : out, note }],
            },
          });
          const read = fromStateItem(toStateItem(state) as unknown as Record<string, unknown>);
          expect(read).toEqual(state);
        },
      ),
    );
  });

  it("reads an item missing newer fields with their initial values, keeping the version", () => {
    // act
    const state = fromStateItem({ targetId: "old", version: 4, target: 2 });

    // assert
    expect(state).toEqual({
      targetId: "old",
      version: 4,
      target: 2,
      policyState: INITIAL_POLICY_STATE,
      action: null,
      lastDecision: null,
      lastKnownGood: null,
      policyStatus: null,
      groupScaleIn: null,
      updatedAt: 0,
    });
  });

  it("reads an action written before actions named their maker without one, so no evaluation takes it for its own", () => {
    // arrange
    const { decidedBy: _, ...older } = fullState().action!;

    // act
    const state = fromStateItem({ ...toStateItem(fullState()), action: older });

    // assert
    expect(state.action).toEqual(older);
    expect(state.action).not.toHaveProperty("decidedBy");
  });

  it("reads an idle-instance timer written before timers were kept count by count as one step at 0 instances", () => {
    // act
    const legacy = fromStateItem({
      targetId: "old",
      version: 3,
      groupScaleIn: { group: "gpu-asg", since: 12.5 },
    });
    const damaged = fromStateItem({
      targetId: "bad",
      version: 3,
      groupScaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: 5 }, { instances: "x" }, null] },
    });
    const empty = fromStateItem({
      targetId: "bad",
      version: 3,
      groupScaleIn: { group: "gpu-asg", steps: [] },
    });

    // assert: the next round raises the 0 to its plan, so the old timer lowers the group to it, as it did.
    expect(legacy.groupScaleIn).toEqual({ group: "gpu-asg", steps: [{ instances: 0, since: 12.5 }] });
    expect(damaged.groupScaleIn).toEqual({ group: "gpu-asg", steps: [{ instances: 2, since: 5 }] });
    expect(empty.groupScaleIn).toBeNull();
  });

  it("reads damaged parts as initial values instead of throwing", () => {
    // act
    const state = fromStateItem({
      targetId: "bad",
      version: 2,
      target: "three",
      policyState: { counter: "x", ts: 5, recentUps: [{ at: 1, added: 1 }, { at: "?" }, null] },
      action: { id: "bad:2" }, // no counts: unusable
      lastDecision: { at: 10, direction: "sideways", trace: "{not json", pendingDelay: { direction: "up" } },
      lastKnownGood: { version: 1, body: "not a map" },
      policyStatus: { version: 1, valid: true, problems: [{ path: "$.a" }, 7] },
    });

    // assert
    expect(state).toMatchObject({
      target: null,
      policyState: { ...INITIAL_POLICY_STATE, ts: 5, recentUps: [{ at: 1, added: 1 }] },
      action: null,
      lastDecision: { at: 10, direction: "none", trace: [], pendingDelay: null, reason: "" },
      lastKnownGood: null,
      policyStatus: { version: 1, valid: true, problems: [{ path: "$.a", message: "" }], checkedAt: 0 },
    });
  });

  it("also reads a trace stored as a native list", () => {
    // act
    const state = fromStateItem({
      targetId: "t",
      version: 1,
      lastDecision: {
        ...toStateItem(fullState()).lastDecision,
        trace: [{ step: "raw", out: 1, note: "n" }, { out: 2 }],
      },
    });

    // assert
    expect(state.lastDecision?.trace).toEqual([{ step: "raw", out: 1, note: "n" }]);
  });
});

describe("toSettingsItem / fromSettingsItem", () => {
  it("round-trips settings under the reserved key, leaving unset ceilings out", () => {
    // arrange
    const settings = { killSwitch: true, ceilings: { maxReplicas: 40 } };

    // act
    const item = toSettingsItem(settings);

    // assert
    expect(item).toEqual({
      targetId: STATE_TABLE.settingsKey,
      killSwitch: true,
      ceilings: { maxReplicas: 40 },
    });
    expect(fromSettingsItem(item)).toEqual(settings);
  });

  it("reads no item as the defaults", () => {
    expect(fromSettingsItem(undefined)).toEqual({ killSwitch: false, ceilings: {} });
    expect(DEFAULT_SETTINGS).toEqual({ killSwitch: false, ceilings: {} });
  });

  it.each([
    { value: undefined, on: false },
    { value: null, on: false },
    { value: false, on: false },
    { value: "false", on: false },
    { value: " FALSE ", on: false },
    { value: true, on: true },
    { value: "true", on: true },
    { value: "yes", on: true },
    { value: 1, on: true },
    { value: 0, on: true },
  ])("fails safe on a hand-edited kill switch $value (on: $on)", ({ value, on }) => {
    expect(fromSettingsItem({ killSwitch: value }).killSwitch).toBe(on);
  });

  it.each([
    { ceilings: { maxReplicas: 8, maxGpus: 16 }, read: { maxReplicas: 8, maxGpus: 16 } },
    { ceilings: { maxReplicas: "12", maxGpus: 2.7 }, read: { maxReplicas: 12, maxGpus: 2 } },
    { ceilings: { maxReplicas: 0, maxGpus: "many" }, read: {} },
    { ceilings: "none", read: {} },
  ])("reads hand-edited ceilings $ceilings as $read", ({ ceilings, read }) => {
    expect(fromSettingsItem({ ceilings }).ceilings).toEqual(read);
  });
});
