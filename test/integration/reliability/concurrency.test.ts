/**
 * Concurrent evaluations with faults on, on the emulator through the fault proxy: 50 evaluations of one
 * target at once, and 20 at once of each of ten targets, each evaluation a separate process (its own SDK
 * clients and retry quota, as separate Lambda invocations). Seeded faults hit DynamoDB (conditional writes
 * answered after they landed, throttling), ECS (503s on UpdateService, throttling), Auto Scaling (answers
 * lost after the call ran) and CloudWatch (latency). Exactly one action per decision (one change per service
 * and group), no lost state update, convergence once the faults clear; the conflict rate is reported.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { evaluateRound, type TargetOutcome } from "../../../shared/engine/evaluateRound";
import { type EmulatorWorld, emulatorWorld } from "../../reliability/emulatorWorld";
import { totalLoadPolicy } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { lostUpdates } from "../../reliability/stateAudit";
import { judges, towards } from "../../reliability/worldAudit";
import { requireEmulatorEndpoint } from "../../support/awsClients";
import { type FaultProxy, type FaultRule, startFaultProxy } from "../../support/faultProxy";
import { resetEmulator } from "../../support/resetEmulator";

const tally = new ReliabilityTally("concurrent evaluations with faults (emulator)");
afterAll(() => tally.record());

const FAULTS: readonly FaultRule[] = [
  { service: "dynamodb", operation: "PutItem", fault: "drop-after-forward", probability: 0.1 },
  { service: "dynamodb", fault: "throttle", probability: 0.05 },
  {
    service: "ecs",
    operation: "UpdateService",
    fault: { kind: "server-error", status: 503 },
    probability: 0.2,
  },
  { service: "ecs", fault: "throttle", probability: 0.05 },
  { service: "autoscaling", operation: "SetDesiredCapacity", fault: "drop-after-forward", probability: 0.2 },
  { service: "monitoring", fault: { kind: "latency", ms: 20 }, probability: 0.3 },
];

let proxy: FaultProxy | undefined;
let world: EmulatorWorld | undefined;
afterEach(async () => {
  world?.destroy();
  await proxy?.close();
});

interface Target {
  readonly id: string;
  readonly from: number;
  readonly goal: number;
  readonly direct: boolean;
}

async function arrange(targets: readonly Target[], seed: number): Promise<EmulatorWorld> {
  await resetEmulator();
  proxy = await startFaultProxy({ target: requireEmulatorEndpoint(), seed });
  const w = await emulatorWorld({ proxyEndpoint: proxy.endpoint });
  world = w;
  for (const t of targets) await w.addServices([t.id], t.from, t.direct ? [t.id] : []);
  const setup = w.runtime({ direct: true });
  for (const t of targets)
    await setup.deps.policies.put(
      {
        targetId: t.id,
        updatedBy: "test",
        updatedAt: "x",
        body: totalLoadPolicy(t.id, { direct: t.direct }),
      },
      0,
    );
  await w.publish(new Map(targets.map((t) => [t.id, t.goal * 10])), w.t0 - 150, w.t0 + 100);
  w.audit.judge = judges(
    ...targets.map((t) => towards(`gpu/llm-${t.id}`, t.goal)),
    ...targets.filter((t) => t.direct).map((t) => towards(`gpu-asg-${t.id}`, t.goal)),
  );
  return w;
}

/**
 * The answer of every conditional state write, Auto Scaling call and ECS update is lost after the call ran:
 * the SDK retries each (a state write's retry then fails its condition), so every writer must recognise its
 * own write, and nobody may repeat an action it cannot tell has happened.
 */
const LOST_ANSWERS: readonly FaultRule[] = [
  { service: "dynamodb", operation: "PutItem", fault: "drop-after-forward" },
  { service: "ecs", operation: "UpdateService", fault: "drop-after-forward" },
  { service: "autoscaling", operation: "SetDesiredCapacity", fault: "drop-after-forward" },
];

/** `n` evaluation rounds at once, each its own process, with the faults on. */
async function concurrently(
  w: EmulatorWorld,
  n: number,
  faults: readonly FaultRule[] = FAULTS,
): Promise<TargetOutcome[]> {
  proxy!.setRules(faults);
  const runtimes = Array.from({ length: n }, () => w.runtime());
  const reports = await Promise.all(runtimes.map((rt) => evaluateRound({ ...rt.deps, actionGraceS: 60 })));
  return reports.flatMap((r) => r.outcomes);
}

/** With the faults cleared, a round every 10 s until past the action grace. */
async function recover(w: EmulatorWorld): Promise<TargetOutcome[]> {
  const faults = proxy!.faultsInjected();
  proxy!.clear();
  const outcomes: TargetOutcome[] = [];
  for (let t = 10; t <= 70; t += 10) {
    w.clock.set(w.t0 + t);
    outcomes.push(...(await evaluateRound({ ...w.runtime().deps, actionGraceS: 60 })).outcomes);
  }
  tally.faultsInjected += faults;
  return outcomes;
}

async function expectConverged(
  w: EmulatorWorld,
  targets: readonly Target[],
  outcomes: readonly TargetOutcome[],
) {
  for (const t of targets) {
    expect(await w.desired(t.id), t.id).toBe(t.goal);
    expect(w.audit.changes(`gpu/llm-${t.id}`), `${t.id}: one ECS change`).toHaveLength(1);
    if (t.direct) {
      expect(await w.instances(t.id), `${t.id} instances`).toBe(t.goal);
      expect(w.audit.changes(`gpu-asg-${t.id}`), `${t.id}: one Auto Scaling change`).toHaveLength(1);
    }
  }
  expect(w.audit.doubleActions).toBe(0);
  expect(w.audit.wrong).toEqual([]);
  expect(lostUpdates(outcomes)).toBe(0);
}

describe("concurrent evaluations with faults on", () => {
  it.each(bySize([21], [21, 22, 23, 24]))(
    "50 of one target (seed %i): one action per decision, no lost update, converged once the faults clear",
    async (seed) => {
      // arrange: one direct-mode target asking for 2 -> 6 tasks and instances
      const target: Target = { id: "llm", from: 2, goal: 6, direct: true };
      const w = await arrange([target], seed);
      // act
      const racing = await concurrently(w, 50);
      const after = await recover(w);
      // assert
      const outcomes = [...racing, ...after];
      await expectConverged(w, [target], outcomes);
      const conflicts = racing.filter((o) => o.status === "conflict").length;
      const decided = racing.filter((o) => o.record !== undefined).length;
      expect(decided).toBeGreaterThanOrEqual(1);
      expect(racing).toHaveLength(50);
      tally.add({
        evaluations: outcomes.length,
        actions: w.audit.actions,
        doubleActions: w.audit.doubleActions,
        wrongDirection: w.audit.wrongDirection,
        lostUpdates: lostUpdates(outcomes),
        conflicts,
      });
      tally.details[`conflict rate, 50 at once on one target (seed ${seed})`] =
        `${conflicts}/50 (${Math.round((conflicts / 50) * 100)} %); ${decided} won a write, ${racing.filter((o) => o.status === "error").length} errors`;
    },
  );

  it("50 of one target whose every write and action answer is lost: still one action per decision", async () => {
    // arrange
    const target: Target = { id: "llm", from: 2, goal: 6, direct: true };
    const w = await arrange([target], 41);
    // act
    const racing = await concurrently(w, 50, LOST_ANSWERS);
    const after = await recover(w);
    // assert: the one winner recognised its write; retried calls executed twice on the wire, once in effect
    const outcomes = [...racing, ...after];
    await expectConverged(w, [target], outcomes);
    // The first writer recognised its write although it never heard back, even when a later version (one
    // each) superseded it before its read-back: that version kept its action, which names it as its maker.
    // Losers hear a network error (their retries' answers are lost too) or a conflict.
    const won = racing.filter((o) => o.record !== undefined);
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(won.some((o) => o.record?.evaluationId.startsWith("llm:1:"))).toBe(true);
    expect(racing.filter((o) => o.record === undefined)).toHaveLength(50 - won.length);
    const executed = (service: string, operation: string) =>
      proxy!.requests(service, operation).filter((r) => r.forwarded).length;
    // The SDK retried the lost Auto Scaling answer: the call ran more than once on the wire, once in effect.
    expect(executed("autoscaling", "SetDesiredCapacity")).toBeGreaterThan(1);
    tally.add({
      evaluations: outcomes.length,
      actions: w.audit.actions,
      doubleActions: w.audit.doubleActions,
      wrongDirection: w.audit.wrongDirection,
      lostUpdates: lostUpdates(outcomes),
      conflicts: racing.filter((o) => o.status === "conflict").length,
    });
    tally.details["50 at once on one target, every answer lost (seed 41)"] =
      `${won.length} won a write (version 1's writer recognised its own), ${50 - won.length} stood down; SetDesiredCapacity executed ${executed("autoscaling", "SetDesiredCapacity")} times and UpdateService ${executed("ecs", "UpdateService")} on the wire (SDK retries), 1 change each in effect`;
  });

  it.each(bySize([31], [31, 32]))(
    "20 at once of each of ten targets (seed %i): one action per decision each, no lost update, converged",
    async (seed) => {
      // arrange: five targets scaling up (two of them in direct mode), five scaling down
      const targets: Target[] = Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? { id: `t${i}`, from: 2, goal: 6, direct: i % 4 === 0 }
          : { id: `t${i}`, from: 6, goal: 2, direct: false },
      );
      const w = await arrange(targets, seed);
      // act
      const racing = await concurrently(w, 20);
      const after = await recover(w);
      // assert
      const outcomes = [...racing, ...after];
      await expectConverged(w, targets, outcomes);
      expect(racing).toHaveLength(200);
      const conflicts = racing.filter((o) => o.status === "conflict").length;
      tally.add({
        evaluations: outcomes.length,
        actions: w.audit.actions,
        doubleActions: w.audit.doubleActions,
        wrongDirection: w.audit.wrongDirection,
        lostUpdates: lostUpdates(outcomes),
        conflicts,
      });
      tally.details[`conflict rate, 20 at once on each of 10 targets (seed ${seed})`] =
        `${conflicts}/200 (${Math.round((conflicts / 200) * 100)} %); ${racing.filter((o) => o.status === "error").length} errors`;
    },
  );
});
