/** Builders of the port values the adapter tests store and read back (shared by unit and integration tests). */
import type { DecisionRecord } from "../../../shared/engine/ports/DecisionLog";
import type { TargetState } from "../../../shared/engine/ports/TargetState";
import { INITIAL_POLICY_STATE } from "../../../shared/policy/PolicyState";

/** A state with every part filled in, numbers chosen to catch lossy round trips; override any field. */
export function fullState(overrides: Partial<TargetState> = {}): TargetState {
  return {
    targetId: "llm-a",
    version: 3,
    target: 4,
    policyState: {
      counter: -2,
      ts: 1_767_225_600.125,
      floor: 1_767_225_590.1,
      lastScaleUpAt: 0.1 + 0.2,
      lastScaleDownAt: null,
      recentUps: [
        { at: 1_767_225_541.333_333_3, added: 1 },
        { at: 1_767_225_551.7, added: 2 },
      ],
      metricFailures: 0,
      lastRunning: 3,
      seenUntil: 1_767_225_590.1,
      downFloor: 1_767_225_580.7,
    },
    action: {
      id: "llm-a:3",
      desiredReplicas: 4,
      desiredInstances: null,
      intendedAt: 1_767_225_595.5,
      decidedAt: 1_767_225_600.25,
      appliedAt: null,
      error: null,
      decidedBy: "llm-a:3:e1",
    },
    lastDecision: {
      evaluationId: "llm-a:3:e1",
      at: 1_767_225_600.25,
      desiredReplicas: 4,
      previousTarget: 2,
      direction: "up",
      reason: 'load 7.5 > target 2 × 2 "replicas"',
      intendedAt: 1_767_225_595.5,
      latenessMs: 4750,
      pendingDelay: { direction: "down", wanted: 1, since: 1_767_225_500, firesAt: 1_767_226_100 },
      trace: [
        { step: "raw", out: 3.75, note: "7.5 / 2" },
        { step: "bounds", out: null, note: "unchanged" },
        { step: "ceil", out: 1 / 3, note: "" },
      ],
    },
    lastKnownGood: {
      version: 7,
      body: {
        min_replicas: 1,
        max_replicas: 8,
        load: { metrics: [{ namespace: "A", name: "B" }] },
        tags: null,
      },
    },
    policyStatus: {
      version: 7,
      valid: true,
      problems: [{ path: "$.max_replicas", message: "ok" }],
      checkedAt: 1_767_225_600,
    },
    groupScaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: 1_767_225_300.125 }], kept: 3 },
    updatedAt: 1_767_225_600.25,
    ...overrides,
  };
}

/** A state as the engine writes it first: everything initial. */
export function initialState(targetId: string, version = 1): TargetState {
  return {
    targetId,
    version,
    target: null,
    policyState: INITIAL_POLICY_STATE,
    action: null,
    lastDecision: null,
    lastKnownGood: null,
    policyStatus: null,
    groupScaleIn: null,
    updatedAt: 1_767_225_600,
  };
}

/** A decision record at `at` (epoch seconds); override any field. */
export function decisionRecord(at: number, overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    targetId: "llm-a",
    evaluationId: `llm-a:${Math.round(at)}`,
    policyVersion: 2,
    running: 2,
    pending: 1,
    load: 5.25,
    metricAgeS: 12.5,
    acted: true,
    at,
    desiredReplicas: 3,
    previousTarget: 2,
    direction: "up",
    reason: "load above target",
    intendedAt: at - 0.5,
    latenessMs: 500,
    pendingDelay: null,
    trace: [{ step: "raw", out: 2.625, note: "5.25 / 2" }],
    ...overrides,
  };
}
