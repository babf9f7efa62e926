import type { TargetState } from "../engine/ports/TargetState";
import type { StateItem } from "./StateItem";
import { toDecisionSummaryItem } from "./toDecisionSummaryItem";

/**
 * The state-table item of `state`, copied field by field (so nothing outside TargetState is persisted),
 * with the decision trace as a JSON string. Numbers are stored as they are and read back exactly: the
 * document client writes a number's shortest round-trip decimal and DynamoDB keeps 38 significant digits.
 * Limits: -0 reads back as 0; NaN, Infinity and magnitudes above Number.MAX_SAFE_INTEGER fail to marshal
 * (an AwsCallError before anything is sent); DynamoDB refuses magnitudes below 1e-130.
 */
export function toStateItem(state: TargetState): StateItem {
  const p = state.policyState;
  return {
    targetId: state.targetId,
    version: state.version,
    target: state.target,
    policyState: {
      counter: p.counter,
      ts: p.ts,
      floor: p.floor,
      lastScaleUpAt: p.lastScaleUpAt,
      lastScaleDownAt: p.lastScaleDownAt,
      recentUps: p.recentUps.map((up) => ({ at: up.at, added: up.added })),
      metricFailures: p.metricFailures,
      // Without them the next evaluation would read old per-replica datapoints at a new running count.
      ...(p.lastRunning === undefined ? {} : { lastRunning: p.lastRunning }),
      ...(p.seenUntil === undefined ? {} : { seenUntil: p.seenUntil }),
      ...(p.downFloor === undefined ? {} : { downFloor: p.downFloor }),
    },
    action:
      state.action === null
        ? null
        : {
            id: state.action.id,
            desiredReplicas: state.action.desiredReplicas,
            desiredInstances: state.action.desiredInstances,
            intendedAt: state.action.intendedAt,
            decidedAt: state.action.decidedAt,
            appliedAt: state.action.appliedAt,
            error: state.action.error,
            ...(state.action.decidedBy === undefined ? {} : { decidedBy: state.action.decidedBy }),
          },
    lastDecision: state.lastDecision === null ? null : toDecisionSummaryItem(state.lastDecision),
    lastKnownGood:
      state.lastKnownGood === null
        ? null
        : { version: state.lastKnownGood.version, body: state.lastKnownGood.body },
    policyStatus:
      state.policyStatus === null
        ? null
        : {
            version: state.policyStatus.version,
            valid: state.policyStatus.valid,
            problems: state.policyStatus.problems.map((p) => ({ path: p.path, message: p.message })),
            checkedAt: state.policyStatus.checkedAt,
          },
    groupScaleIn:
      state.groupScaleIn === null
        ? null
        : {
            group: state.groupScaleIn.group,
            steps: state.groupScaleIn.steps.map((step) => ({ instances: step.instances, since: step.since })),
            ...(state.groupScaleIn.kept === undefined ? {} : { kept: state.groupScaleIn.kept }),
          },
    updatedAt: state.updatedAt,
  };
}
