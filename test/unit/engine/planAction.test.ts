import { describe, expect, it } from "vitest";
import { type ActionRuleInput, planAction } from "../../../shared/engine/planAction";
import type { ScalingAction } from "../../../shared/engine/ports/TargetState";

const NOW = 1_790_000_000;
/** The id of the evaluation planning, which writes version 5. */
const EVALUATION = "a:5:this";

/** A stored action of `desiredReplicas`, decided `ageS` ago. */
const action = (fields: Partial<ScalingAction> & { ageS?: number } = {}): ScalingAction => {
  const { ageS = 30, ...rest } = fields;
  return {
    id: "a:4",
    desiredReplicas: 6,
    desiredInstances: null,
    intendedAt: NOW - ageS,
    decidedAt: NOW - ageS,
    appliedAt: null,
    error: null,
    decidedBy: "a:4:earlier",
    ...rest,
  };
};

/** The rule's input: target a writing version 5, decision 6 replacing target 6, ECS at 6, nothing held. */
const input = (fields: Partial<ActionRuleInput> = {}): ActionRuleInput => ({
  targetId: "a",
  version: 5,
  evaluationId: EVALUATION,
  desired: 6,
  previousTarget: 6,
  intendedAt: null,
  previous: null,
  serviceDesired: 6,
  group: undefined,
  instances: null,
  held: null,
  heldBefore: null,
  now: NOW,
  graceS: 60,
  ...fields,
});

const group = (desired: number) => ({ min: 0, max: 20, desired, inService: desired });

interface Case {
  readonly name: string;
  readonly input: ActionRuleInput;
  /** Whether to act, the stored action's id afterwards (null: none), and a pattern the note must match. */
  readonly act: boolean;
  readonly actionId: string | null;
  readonly note: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: "a changed decision gets a new action, meant at the decision's intended time",
    input: input({ desired: 8, intendedAt: NOW - 5, serviceDesired: 6 }),
    act: true,
    actionId: "a:5",
    note: /^$/,
  },
  {
    name: "nothing to do when ECS already has the decided count and nothing is unapplied",
    input: input({ previous: action({ appliedAt: NOW - 20 }) }),
    act: false,
    actionId: "a:4",
    note: /^$/,
  },
  {
    name: "the kill switch holds a changed decision: the stored action is kept, nothing is done",
    input: input({ desired: 8, held: "kill switch" }),
    act: false,
    actionId: null,
    note: /^$/,
  },
  {
    name: "a pause holds a count changed by hand",
    input: input({ serviceDesired: 9, held: "paused" }),
    act: false,
    actionId: null,
    note: /^$/,
  },
  {
    name: "shadow mode holds a changed decision and a count another autoscaler set: nothing is done",
    input: input({ desired: 8, serviceDesired: 3, held: "shadow" }),
    act: false,
    actionId: null,
    note: /^$/,
  },
  {
    name: "when shadow mode ends, the decided target is applied, naming the end of shadow mode",
    input: input({ serviceDesired: 3, heldBefore: "shadow" }),
    act: true,
    actionId: "a:5",
    note: /^ \(shadow mode ended: applying the decided target 6; ECS desired count was 3\)$/,
  },
  {
    name: "an unapplied action that already landed (a crash before its mark) is only marked",
    input: input({ previous: action() }),
    act: true,
    actionId: "a:4",
    note: /^$/,
  },
  {
    name: "an unapplied action whose tasks landed but whose instances are left gets a new action for them",
    input: input({ previous: action({ desiredInstances: 6 }), group: group(6), instances: 3 }),
    act: true,
    actionId: "a:5",
    note: /^$/,
  },
  {
    name: "an unapplied action within its grace is left to the evaluation that owns it",
    input: input({ previous: action({ ageS: 59 }), serviceDesired: 2 }),
    act: false,
    actionId: "a:4",
    note: /^$/,
  },
  {
    name: "an unapplied action past its grace is taken over, saying for how long it was unapplied",
    input: input({ previous: action({ ageS: 60 }), serviceDesired: 2 }),
    act: true,
    actionId: "a:5",
    note: /took over action a:4, unapplied for 60 s/,
  },
  {
    name: "a failed action is retried at once, naming its error",
    input: input({ previous: action({ ageS: 10, error: "Throttling" }), serviceDesired: 2 }),
    act: true,
    actionId: "a:5",
    note: /retried action a:4, which failed: Throttling/,
  },
  {
    name: "a count changed by hand after driftless applied its own is restored as an outside change",
    input: input({ previous: action({ appliedAt: NOW - 20 }), serviceDesired: 9 }),
    act: true,
    actionId: "a:5",
    note: /ECS desired count was 9, changed outside driftless: restored to 6/,
  },
  {
    name: "a count changed by hand when driftless never acted and nothing was held is an outside change",
    input: input({ serviceDesired: 9 }),
    act: true,
    actionId: "a:5",
    note: /changed outside driftless/,
  },
  {
    name: "after the kill switch is lifted, the held target is applied as such, not as an outside change",
    input: input({
      desired: 1,
      previousTarget: 1,
      previous: action({ desiredReplicas: 5, appliedAt: NOW - 600 }),
      serviceDesired: 5,
      heldBefore: "kill switch",
    }),
    act: true,
    actionId: "a:5",
    note: /^ \(kill switch lifted: applying the decided target 1; ECS desired count was 5\)$/,
  },
  {
    name: "after the kill switch is lifted on a target driftless never acted on, likewise",
    input: input({ serviceDesired: 2, heldBefore: "kill switch" }),
    act: true,
    actionId: "a:5",
    note: /^ \(kill switch lifted: applying the decided target 6; ECS desired count was 2\)$/,
  },
  {
    name: "after a paused target is resumed, the held target is applied, naming the resume",
    input: input({
      previous: action({ desiredReplicas: 5, appliedAt: NOW - 600 }),
      serviceDesired: 5,
      heldBefore: "paused",
    }),
    act: true,
    actionId: "a:5",
    note: /^ \(policy resumed: applying the decided target 6; ECS desired count was 5\)$/,
  },
  {
    name: "a held target with an older state (no hold recorded) is applied without claiming an outside change",
    input: input({ previous: action({ desiredReplicas: 5, appliedAt: NOW - 600 }), serviceDesired: 5 }),
    act: true,
    actionId: "a:5",
    note: /^ \(applying the decided target 6; ECS desired count was 5\)$/,
  },
  {
    name: "a hand change during the hold is still an outside change once it is lifted",
    input: input({
      previous: action({ desiredReplicas: 5, appliedAt: NOW - 600 }),
      serviceDesired: 7,
      heldBefore: "kill switch",
    }),
    act: true,
    actionId: "a:5",
    note: /ECS desired count was 7, changed outside driftless/,
  },
  {
    name: "a new decision on a count changed by hand after driftless applied its own says what ECS had",
    input: input({
      desired: 3,
      previousTarget: 6,
      previous: action({ appliedAt: NOW - 20 }),
      serviceDesired: 9,
    }),
    act: true,
    actionId: "a:5",
    note: /^ \(ECS desired count was 9, changed outside driftless\)$/,
  },
  {
    name: "a new decision after a failed action names the count ECS kept, never an outside change",
    input: input({
      desired: 3,
      previousTarget: 6,
      previous: action({ ageS: 10, error: "Throttling" }),
      serviceDesired: 2,
    }),
    act: true,
    actionId: "a:5",
    note: /^ \(ECS desired count was 2\)$/,
  },
  {
    name: "a new decision after the kill switch is lifted names the lift",
    input: input({
      desired: 8,
      previousTarget: 6,
      previous: action({ desiredReplicas: 2, appliedAt: NOW - 600 }),
      serviceDesired: 2,
      heldBefore: "kill switch",
    }),
    act: true,
    actionId: "a:5",
    note: /^ \(kill switch lifted; ECS desired count was 2\)$/,
  },
  {
    name: "instances that differ from what the tasks need are set",
    input: input({ previous: action({ appliedAt: NOW - 20 }), group: group(4), instances: 6 }),
    act: true,
    actionId: "a:5",
    note: /^$/,
  },
];

describe("planAction (the reconciliation rule)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const plan = planAction(c.input);
      expect(plan.act).toBe(c.act);
      expect(plan.action?.id ?? null).toBe(c.actionId);
      expect(plan.note).toMatch(c.note);
      // An action this evaluation makes or takes over is its own; a kept one stays its maker's.
      const maker = c.actionId === "a:5" ? EVALUATION : c.actionId === null ? undefined : "a:4:earlier";
      expect(plan.action?.decidedBy).toBe(maker);
    });
  }

  it("a new action carries the decided counts, decided now and not yet applied", () => {
    const plan = planAction(input({ desired: 8, intendedAt: NOW - 5, group: group(4), instances: 8 }));
    expect(plan.action).toEqual({
      id: "a:5",
      desiredReplicas: 8,
      desiredInstances: 8,
      intendedAt: NOW - 5,
      decidedAt: NOW,
      appliedAt: null,
      error: null,
      decidedBy: EVALUATION,
    });
  });

  it("a taken-over action keeps its own intended time and takes this evaluation's id and instances", () => {
    const prev = action({ ageS: 90, error: "boom", desiredInstances: 2 });
    const plan = planAction(input({ previous: prev, serviceDesired: 2, group: group(2), instances: 6 }));
    expect(plan.action).toEqual({
      ...prev,
      id: "a:5",
      desiredInstances: 6,
      error: null,
      decidedBy: EVALUATION,
    });
  });
});
