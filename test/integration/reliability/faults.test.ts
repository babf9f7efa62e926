/**
 * Injected AWS faults, on the emulator through the fault proxy: every fault kind (throttling, 5xx, timeouts,
 * added latency, dropped connections before and after the emulator ran the call) on each of ECS, Auto
 * Scaling, CloudWatch and DynamoDB, seeded. While the fault is on (one tick invocation), no
 * target may move away from what its load asks for, overshoot it, or be scaled down on unreadable metrics;
 * once the fault clears (one more tick, which passes the action grace) every target converges, and the next
 * round has nothing left to do. CloudWatch failing
 * past the policy's threshold switches to its fallback.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TargetOutcome } from "../../../shared/engine/evaluateRound";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { runTickLoop } from "../../../shared/engine/runTickLoop";
import { countingObserver, type EmulatorWorld, emulatorWorld } from "../../reliability/emulatorWorld";
import { totalLoadPolicy } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { lostUpdates } from "../../reliability/stateAudit";
import { judges, towards } from "../../reliability/worldAudit";
import { requireEmulatorEndpoint } from "../../support/awsClients";
import { type FaultKind, type FaultProxy, type FaultRule, startFaultProxy } from "../../support/faultProxy";
import { resetEmulator } from "../../support/resetEmulator";

const tally = new ReliabilityTally("AWS faults through the proxy (emulator)");
afterAll(() => tally.record());

const SERVICES = ["dynamodb", "ecs", "monitoring", "autoscaling"] as const;
const KINDS: readonly FaultKind[] = [
  "throttle",
  "server-error",
  "timeout",
  "latency",
  "drop",
  "drop-after-forward",
];
const PROBABILITY = 0.35;
const SEEDS = bySize([11], [11, 12, 13]);

/** Targets: their start, what their load asks for, and whether their instances are set directly. */
const TARGETS = [
  { id: "up", from: 2, goal: 6, direct: false },
  { id: "down", from: 6, goal: 2, direct: false },
  { id: "gpu", from: 2, goal: 6, direct: true },
] as const;

let proxy: FaultProxy;
let world: EmulatorWorld | undefined;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: requireEmulatorEndpoint() });
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(() => {
  proxy.clear();
  proxy.resetLog();
});
afterEach(() => world?.destroy());

function rule(service: string, kind: FaultKind, extra: Partial<FaultRule> = {}): FaultRule {
  const fault =
    kind === "latency"
      ? { kind, ms: 40 }
      : kind === "timeout"
        ? { kind, holdMs: 3_000 }
        : kind === "server-error"
          ? { kind, status: 503 as const }
          : kind;
  // Timeouts cost real time (the client's timeout): a few of them are enough.
  return {
    id: "fault",
    service,
    fault,
    probability: PROBABILITY,
    ...(kind === "timeout" ? { times: 4 } : {}),
    ...extra,
  };
}

async function arrange(seed: number): Promise<EmulatorWorld> {
  await resetEmulator();
  proxy = await reseed(seed);
  const w = await emulatorWorld({ proxyEndpoint: proxy.endpoint });
  world = w;
  for (const t of TARGETS) await w.addServices([t.id], t.from, t.direct ? [t.id] : []);
  const setup = w.runtime({ direct: true });
  for (const t of TARGETS)
    await setup.deps.policies.put(
      {
        targetId: t.id,
        updatedBy: "test",
        updatedAt: "2026-01-01T00:00:00Z",
        body: totalLoadPolicy(t.id, { direct: t.direct }),
      },
      0,
    );
  await w.publish(new Map(TARGETS.map((t) => [t.id, t.goal * 10])), w.t0 - 150, w.t0 + 200);
  w.audit.judge = judges(
    ...TARGETS.map((t) => towards(`gpu/llm-${t.id}`, t.goal)),
    ...TARGETS.filter((t) => t.direct).map((t) => towards(`gpu-asg-${t.id}`, t.goal)),
  );
  return w;
}

/** A proxy with its probability rules seeded by `seed` (the proxy's seed is fixed at start). */
async function reseed(seed: number): Promise<FaultProxy> {
  await proxy.close();
  return startFaultProxy({ target: requireEmulatorEndpoint(), seed });
}

/**
 * Scale-downs decided while the load could not be read: missing data must never scale down. The decision's
 * own numbers (the record states the action, which may apply a target decided earlier on readable load).
 */
function blindScaleDowns(outcomes: readonly TargetOutcome[]): string[] {
  return outcomes.flatMap((o) =>
    o.record && o.decision && o.record.load === null && o.decision.desiredReplicas < o.decision.previousTarget
      ? [`${o.targetId}: ${o.record.reason}`]
      : [],
  );
}

/**
 * One tick invocation as a new process: rounds every 20 s on absolute deadlines until 50 s after `start`
 * (three rounds; the production interval is 10 s, halved here to keep the suite fast). Counts a loop that
 * throws.
 */
async function tick(w: EmulatorWorld, start: number, timeoutMs: number) {
  w.clock.set(start);
  const { seen, observer } = countingObserver();
  const rt = w.runtime({ observer, timeoutMs });
  let crashed = 0;
  const reports = await runTickLoop(
    { ...rt.deps, actionGraceS: 60 },
    { intervalS: 20, until: start + 50 },
  ).catch(() => {
    crashed = 1;
    return [];
  });
  return { reports, seen, crashed, outcomes: reports.flatMap((r) => r.outcomes) };
}

describe.each(SERVICES)("with %s faults", (service) => {
  it.each(SEEDS.flatMap((seed) => KINDS.map((kind) => ({ kind, seed }))))(
    "$kind (seed $seed): no wrong or runaway action while on, convergence once cleared",
    async ({ kind, seed }) => {
      // arrange
      const w = await arrange(seed);
      // A timeout fault holds the call until the client gives up: a short client timeout while it is on.
      const timeoutMs = kind === "timeout" ? 300 : 2_000;
      // The service's first call always faults, then each with the seeded probability (some services see
      // only a few calls a round).
      proxy.setRules([
        rule(service, kind, { id: "first", calls: [1], probability: undefined }),
        rule(service, kind),
      ]);
      // act: one tick with the fault on, two after it clears
      const during = await tick(w, w.t0, timeoutMs);
      const injected = proxy.faultsInjected();
      proxy.clear();
      const after = await tick(w, w.t0 + 60, 2_000);
      w.clock.set(w.t0 + 120);
      const quiet = await evaluateRound(w.runtime().deps);
      // assert
      const outcomes = [...during.outcomes, ...after.outcomes, ...quiet.outcomes];
      expect(injected).toBeGreaterThan(0);
      expect(during.crashed + after.crashed).toBe(0);
      expect(w.audit.wrong).toEqual([]);
      expect(w.audit.doubleActions).toBe(0);
      expect(blindScaleDowns(outcomes)).toEqual([]);
      expect(lostUpdates(outcomes)).toBe(0);
      for (const t of TARGETS) {
        expect(await w.desired(t.id), t.id).toBe(t.goal);
        if (t.direct) expect(await w.instances(t.id), `${t.id} instances`).toBe(t.goal);
        expect(w.audit.changes(`gpu/llm-${t.id}`), `${t.id}: one change`).toHaveLength(1);
      }
      // Converged: the next round has nothing left to do.
      expect(quiet.actions).toBe(0);
      tally.add({
        faultsInjected: injected,
        evaluations: outcomes.length,
        actions: w.audit.actions,
        doubleActions: w.audit.doubleActions,
        wrongDirection: w.audit.wrongDirection + blindScaleDowns(outcomes).length,
        lostUpdates: lostUpdates(outcomes),
        loopCrashes: during.crashed + after.crashed,
        conflicts: outcomes.filter((o) => o.status === "conflict").length,
      });
    },
  );
});

describe("CloudWatch failing past the policy's threshold", () => {
  it.each(KINDS.filter((k) => k !== "latency"))(
    "%s: holds, or goes to the fixed fallback (never lower), and scales on the load once it clears",
    async (kind) => {
      // arrange: the load asks for 2 everywhere; only unreadable metrics keep the counts up
      await resetEmulator();
      const w = await emulatorWorld({ proxyEndpoint: proxy.endpoint });
      world = w;
      const fallbacks = [
        {
          id: "fixed",
          from: 2,
          fallback: { failure_threshold: 3, action: "fixed", replicas: 5 },
          during: [2, 2, 5, 5],
        },
        { id: "hold", from: 4, fallback: { failure_threshold: 3, action: "hold" }, during: [4, 4, 4, 4] },
        {
          id: "lower",
          from: 6,
          fallback: { failure_threshold: 1, action: "fixed", replicas: 1 },
          during: [6, 6, 6, 6],
        },
      ];
      const setup = w.runtime({ direct: true });
      for (const f of fallbacks) {
        await w.addServices([f.id], f.from);
        await setup.deps.policies.put(
          {
            targetId: f.id,
            updatedBy: "test",
            updatedAt: "x",
            body: totalLoadPolicy(f.id, { extra: { fallback: f.fallback } }),
          },
          0,
        );
      }
      await w.publish(new Map(fallbacks.map((f) => [f.id, 20])), w.t0 - 150, w.t0 + 100);
      proxy.setRules([
        { service: "monitoring", operation: "GetMetricData", fault: rule("monitoring", kind).fault },
      ]);
      // act: four rounds, 10 s apart, with every metric read failing; then one after it clears
      const seen: number[][] = [];
      const outcomes: TargetOutcome[] = [];
      for (let k = 0; k < 4; k++) {
        w.clock.set(w.t0 + 10 * k);
        outcomes.push(
          ...(await evaluateRound(w.runtime({ timeoutMs: kind === "timeout" ? 150 : 2_000 }).deps)).outcomes,
        );
        seen.push(await Promise.all(fallbacks.map(async (f) => (await w.desired(f.id)) ?? -1)));
      }
      const injected = proxy.faultsInjected();
      proxy.clear();
      w.clock.set(w.t0 + 40);
      outcomes.push(...(await evaluateRound(w.runtime().deps)).outcomes);
      // assert
      expect(seen).toEqual([0, 1, 2, 3].map((k) => fallbacks.map((f) => f.during[k])));
      expect(outcomes.filter((o) => o.record?.load === null).length).toBe(12);
      expect(await Promise.all(fallbacks.map((f) => w.desired(f.id)))).toEqual([2, 2, 2]);
      expect(blindScaleDowns(outcomes)).toEqual([]);
      expect(w.audit.doubleActions).toBe(0);
      tally.add({
        faultsInjected: injected,
        evaluations: outcomes.length,
        actions: w.audit.actions,
        doubleActions: w.audit.doubleActions,
        wrongDirection: blindScaleDowns(outcomes).length,
      });
    },
  );
});
