import { describe, expect, it } from "vitest";
import type { DelayOutcome } from "../../../shared/policy/applyDelay";
import type { DecisionInput } from "../../../shared/policy/decide";
import { decisionContext, initialStepState } from "../../../shared/policy/decisionContext";
import { nextPolicyState } from "../../../shared/policy/nextPolicyState";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import type { StepState } from "../../../shared/policy/PolicyStep";
import { contextOf, policyOf } from "./policyContext";

const POLICY = policyOf({ min_replicas: 0, max_replicas: 20 });
const STATE: PolicyState = {
  ...INITIAL_POLICY_STATE,
  counter: 2,
  ts: 900,
  floor: 800,
  lastScaleUpAt: 700,
  recentUps: [
    { at: 930, added: 1 },
    { at: 990, added: 2 },
  ],
};
const SERIES = [
  { t: 970, v: 9 },
  { t: 990, v: 9 },
  { t: 1010, v: 9 },
];
const fired = (direction: "up" | "down"): DelayOutcome => ({
  decision: direction === "up" ? 8 : 1,
  direction,
  fired: true,
  counter: 0,
  ts: null,
  delayS: 30,
  wanted: direction === "up" ? 8 : 1,
  startedAt: 950,
  elapsedS: 50,
  firesAt: null,
});
const inputWith = (over: Parameters<typeof contextOf>[0]): DecisionInput =>
  contextOf({ currentReplicas: 2, targetReplicas: 2, total: 4, state: STATE, ...over });

function next(input: DecisionInput, desired: number, steps: Partial<StepState>): PolicyState {
  const context = decisionContext(POLICY, input);
  return nextPolicyState({ context, desired, steps: { ...initialStepState(context), ...steps } });
}

describe("nextPolicyState", () => {
  it.each<{
    name: string;
    input: Parameters<typeof contextOf>[0];
    desired: number;
    steps: Partial<StepState>;
    expected: Partial<PolicyState>;
  }>([
    {
      name: "keeps the state as it was when the pipeline halted (paused)",
      input: {},
      desired: 2,
      steps: { halted: true },
      expected: STATE,
    },
    {
      name: "counts a failure on missing data and leaves the timers as they were",
      input: { total: null },
      desired: 2,
      steps: {},
      expected: { ...STATE, metricFailures: 1 },
    },
    {
      name: "records the scale-up a missing-data fallback made",
      input: { total: null },
      desired: 4,
      steps: {},
      expected: { counter: 2, ts: 900, lastScaleUpAt: 1000, metricFailures: 1 },
    },
    {
      name: "clears the timer of a fired delay and moves the breach floor to the newest datapoint seen",
      input: { load: { total: 4, series: SERIES } },
      desired: 8,
      steps: { delay: fired("up"), bounded: 8 },
      expected: { counter: 0, ts: null, floor: 990, lastScaleUpAt: 1000, seenUntil: 990, lastRunning: 2 },
    },
    {
      name: "re-arms a fired delay whose step a limit cut short",
      input: { load: { total: 4, series: SERIES } },
      desired: 4,
      steps: { delay: fired("up"), bounded: 8 },
      expected: { counter: 1, ts: 950, floor: 800 },
    },
    {
      name: "keeps a fired scale-down's timer while a pause blocks it",
      input: {},
      desired: 2,
      steps: { delay: fired("down"), bounded: 1 },
      expected: { counter: -1, ts: 950, floor: 800, lastScaleDownAt: null },
    },
    {
      name: "moves the breach floor on a pending hold",
      input: { load: { total: 4, series: SERIES } },
      desired: 2,
      steps: { holdFloor: true },
      expected: { counter: 2, ts: 900, floor: 990 },
    },
    {
      name: "moves the scale-down floor to now when the evaluation wants no scale-down",
      input: { state: { ...STATE, downFloor: 900 } },
      desired: 2,
      steps: {},
      expected: { downFloor: 1000 },
    },
    {
      name: "moves the scale-down floor to now at a fired scale-down (Ray's counter restarts at a change)",
      input: { state: { ...STATE, downFloor: 900 } },
      desired: 1,
      steps: { delay: fired("down"), bounded: 1 },
      expected: { downFloor: 1000, lastScaleDownAt: 1000 },
    },
    {
      name: "keeps the scale-down floor while a scale-down is pending",
      input: { state: { ...STATE, downFloor: 900 } },
      desired: 2,
      steps: { delay: { ...fired("down"), fired: false, decision: 2, counter: -3, ts: 950, firesAt: 1250 } },
      expected: { downFloor: 900 },
    },
    {
      name: "keeps the scale-down floor of a fired scale-down a pause blocks (its timer is kept)",
      input: { state: { ...STATE, downFloor: 900 } },
      desired: 2,
      steps: { delay: fired("down"), bounded: 1 },
      expected: { counter: -1, ts: 950, downFloor: 900 },
    },
    {
      name: "moves the scale-down floor to now while a scale-up is pending",
      input: { state: { ...STATE, downFloor: 900 } },
      desired: 2,
      steps: { delay: { ...fired("up"), fired: false, decision: 2, counter: 3, ts: 950, firesAt: 1010 } },
      expected: { downFloor: 1000 },
    },
    {
      name: "keeps only the scale-ups of the last 60 s, the new one included",
      input: {},
      desired: 5,
      steps: {},
      expected: {
        recentUps: [
          { at: 990, added: 2 },
          { at: 1000, added: 3 },
        ],
        metricFailures: 0,
      },
    },
  ])("$name", ({ input, desired, steps, expected }) => {
    expect(next(inputWith(input), desired, steps)).toMatchObject(expected);
  });
});
