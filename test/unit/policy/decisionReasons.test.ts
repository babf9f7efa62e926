import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Decision, decide } from "../../../shared/policy/decide";
import { decideGroup } from "../../../shared/policy/decideGroup";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import { ceilingsArb, EPOCH, groupArb, inputOf, policyArb, stateArb, stepArb } from "./decisionArbitraries";

const FORBIDDEN_ON_CHANGE = [
  /holding/,
  /never scaling down/,
  /fallback holds/,
  /match the load/,
  /deciding nothing/,
];

/** What the trace says set the final count: the last deciding step, or a later step that moved it. */
function setterOf(decision: Decision): string | undefined {
  const deciding = new Set(["hold", "fallback", "cold_start", "zero_bypass", "pending", "delay"]);
  let value: number | null = null;
  let setter: string | undefined;
  for (const step of decision.trace) {
    if (step.out === null) continue;
    // A deciding step sets the count even when it keeps it; any later step that moves it takes over.
    if (deciding.has(step.step) || step.out !== value) setter = step.step;
    value = step.out;
  }
  return setter;
}

const WORDS_OF: Record<string, RegExp> = {
  hold: /paused/,
  fallback: /load unreadable/,
  cold_start: /cold start/,
  zero_bypass: /no running replica/,
  pending: /still starting/,
  in_flight: /sized from .* starting/,
  lead: /sized from .* expected/,
  delay: /wanted for|match the load|slack|latency|sized from/,
  bounds: /min_replicas \d+|max_replicas \d+|max \d+ from/,
  limits: /limited by/,
  paused_direction: /paused scale_(in|out): holding at \d+/,
  forecast: /forecast needs \d+ replicas/,
};

/** The reason states the decision's own direction and numbers, and the words of the step that set it. */
function expectTrueReason(d: Decision): void {
  const { previousTarget: from, desiredReplicas: to, reason } = d;
  const head =
    to > from
      ? `scale up ${from} -> ${to}: `
      : to < from
        ? `scale down ${from} -> ${to}: `
        : `hold at ${from}: `;
  expect(reason.startsWith(head), `${reason} should start with "${head}"`).toBe(true);
  expect(d.direction).toBe(to > from ? "up" : to < from ? "down" : "none");
  if (to !== from) {
    for (const phrase of FORBIDDEN_ON_CHANGE) expect(reason, `a change says ${phrase}`).not.toMatch(phrase);
  }
  const setter = setterOf(d);
  expect(setter, `no step set the count: ${JSON.stringify(d.trace)}`).toBeDefined();
  const words = WORDS_OF[setter!];
  expect(words, `add the words of step "${setter}" to WORDS_OF`).toBeDefined();
  const said = reason.slice(head.length).split(" (")[0]!;
  expect(said, `${reason} should name ${setter}`).toMatch(words!);
}

describe("decision reasons are true", () => {
  it("state the decision's direction and numbers and the step that set the count, on random policies, loads and states", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(stepArb, { minLength: 1, maxLength: 30 }),
        ceilingsArb,
        fc.integer({ min: 0, max: 172_800 }),
        (policy, steps, ceilings, start) => {
          let state: PolicyState = INITIAL_POLICY_STATE;
          let target = policy.initialReplicas;
          let now = EPOCH + start;
          for (const step of steps) {
            now += step.gap;
            const d = decide(policy, inputOf({ step, now, target, state, ceilings }));
            expectTrueReason(d);
            target = d.desiredReplicas;
            state = d.state;
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("state the decision's direction and numbers from any stored state (timers, recent scale-ups, failures)", () => {
    fc.assert(
      fc.property(
        policyArb,
        stepArb,
        stateArb,
        fc.integer({ min: 0, max: 12 }),
        ceilingsArb,
        fc.integer({ min: 0, max: 172_800 }),
        (policy, step, state, target, ceilings, offset) => {
          expectTrueReason(decide(policy, inputOf({ step, now: EPOCH + offset, target, state, ceilings })));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("state the direction and numbers of every member of a pipeline group, GPU budget and upstream sizing included", () => {
    fc.assert(
      fc.property(groupArb, ({ members }) => {
        for (const d of decideGroup(members).values()) expectTrueReason(d);
      }),
      { numRuns: 400 },
    );
  });
});
