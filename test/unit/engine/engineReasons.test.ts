/**
 * The engine's reasons are true (issue 12): over random policies, loads and faults, every round's recorded
 * reason (history entry and the state's last decision) states the action the engine actually took on the
 * ECS service, from what count to what count; hold words never come with a change; an outside change is
 * claimed only when the test changed the count; the kill switch and pause are named exactly when on.
 *
 * Built to grow: a new mode (e.g. shadow, partial pause) is a field of `TargetSetup`/`RoundPlan` plus a
 * rule in `expectTrueRound`; faults are fields of `RoundPlan`, applied by `applyFaults`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateRound, type TargetOutcome } from "../../../shared/engine/evaluateRound";
import type { ServiceCounts, ServiceScaler } from "../../../shared/engine/ports/ServiceScaler";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { parsePolicy } from "../../../shared/policy/parsePolicy";
import { bySize } from "../../reliability/reliabilityScale";
import { EPOCH, policyItemArb } from "../policy/decisionArbitraries";
import { engineHarness, NS } from "./engineHarness";

const CLUSTER = "gpu";
const IDS = ["a", "b"] as const;
type Id = (typeof IDS)[number];
const service = (id: Id) => `llm-${id}`;

/** Hold words (issue 12): never said on a change of the service's desired count. */
const FORBIDDEN_ON_CHANGE = [/holding/, /never scaling down/, /deciding nothing/, /fallback holds/];

interface TargetSetup {
  readonly item: PolicyInput;
  readonly capacity: "none" | "managed" | "direct";
  readonly per: "replica" | "total";
  readonly staleAfter: number;
  readonly replicas: number;
}

const setupArb: fc.Arbitrary<TargetSetup> = fc.record({
  item: policyItemArb,
  capacity: fc.constantFrom("none", "managed", "direct"),
  per: fc.constantFrom("replica", "total"),
  staleAfter: fc.integer({ min: 20, max: 300 }),
  replicas: fc.integer({ min: 0, max: 8 }),
});

/** One target's load this round: fresh points, none, only old points, or NaN. */
const loadArb = fc.oneof(
  {
    arbitrary: fc.double({ min: 0, max: 200, noNaN: true }).map((v) => ({ kind: "fresh" as const, v })),
    weight: 6,
  },
  { arbitrary: fc.constant({ kind: "none" as const, v: 0 }), weight: 1 },
  {
    arbitrary: fc.double({ min: 0, max: 200, noNaN: true }).map((v) => ({ kind: "stale" as const, v })),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: "nan" as const, v: Number.NaN }), weight: 1 },
);

/** True one time in `n`; shrinks to false. */
const rare = (n: number) => fc.integer({ min: 0, max: n - 1 }).map((i) => i === n - 1);

interface RoundPlan {
  readonly advance: number;
  readonly loads: readonly { kind: "fresh" | "none" | "stale" | "nan"; v: number }[];
  readonly latencyMs: number | null;
  readonly metricsFail: boolean;
  readonly describeFail: readonly boolean[];
  readonly setFail: readonly boolean[];
  /** A desired count set outside driftless before the round (null: none). */
  readonly manual: readonly (number | null)[];
  readonly toggleKill: boolean;
  readonly togglePause: readonly boolean[];
  /** Running and pending follow the desired count before the round (as ECS eventually does). */
  readonly settle: boolean;
}

const pair = <T>(arb: fc.Arbitrary<T>) => fc.tuple(arb, arb);
const roundArb: fc.Arbitrary<RoundPlan> = fc.record({
  advance: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 120, max: 7200 })),
  loads: pair(loadArb),
  latencyMs: fc.option(fc.double({ min: 50, max: 3000, noNaN: true })),
  metricsFail: rare(8),
  describeFail: pair(rare(12)),
  setFail: pair(rare(6)),
  manual: pair(fc.option(fc.integer({ min: 0, max: 10 }), { freq: 4 })),
  toggleKill: rare(6),
  togglePause: pair(rare(8)),
  settle: fc.boolean(),
});

/** A policy body for target `id` from a random item: its service, capacity, load metric and group. */
function bodyOf(id: Id, s: TargetSetup, grouped: boolean, groupGpus: number | null): Record<string, unknown> {
  const gpusPerTask = s.item.target?.capacity?.gpus_per_task ?? 1;
  const capacity =
    s.capacity === "none"
      ? {}
      : s.capacity === "managed"
        ? { capacity: { capacity_provider: `cp-${id}`, gpus_per_task: gpusPerTask, gpus_per_instance: 4 } }
        : {
            capacity: {
              auto_scaling_group: `asg-${id}`,
              mode: "direct",
              gpus_per_task: gpusPerTask,
              gpus_per_instance: 2,
              spare_instances: id === "a" ? 0 : 1,
            },
          };
  return {
    ...s.item,
    target: { cluster: CLUSTER, service: service(id), ...capacity },
    load: {
      metrics: [{ namespace: NS, name: "Ongoing", dimensions: { Service: service(id) }, per: s.per }],
      stale_after_s: s.staleAfter,
    },
    ...(grouped
      ? {
          group: {
            name: "pipe",
            stage: id === "a" ? 0 : 1,
            upstream_ratio: 1.5,
            ...(groupGpus === null ? {} : { max_gpus: groupGpus }),
          },
        }
      : {}),
  };
}

const valid = (body: Record<string, unknown>) => parsePolicy(body).ok;

/** The world: two targets (maybe one pipeline group), the kill switch, and the rounds to run. */
const worldArb = fc
  .record({
    setups: pair(setupArb),
    grouped: fc.boolean(),
    killSwitch: rare(4),
    ceilings: fc.record(
      { maxReplicas: fc.integer({ min: 1, max: 12 }), maxGpus: fc.integer({ min: 1, max: 24 }) },
      { requiredKeys: [] },
    ),
    groupGpus: fc.option(fc.integer({ min: 1, max: 16 })),
    rounds: fc.array(roundArb, { minLength: 1, maxLength: 8 }),
    start: fc.integer({ min: 0, max: 172_800 }),
  })
  .filter((w) => IDS.every((id, i) => valid(bodyOf(id, w.setups[i]!, w.grouped, w.groupGpus))));

/** A service scaler whose calls fail for the services named in `failing`. */
function faultyServices(
  inner: ServiceScaler,
  faults: { describe: Set<string>; set: Set<string> },
): ServiceScaler {
  return {
    describe: async (cluster, names) => {
      const out = await inner.describe(cluster, names);
      if (faults.describe.size > 0 && names.some((n) => faults.describe.has(n)))
        throw new Error("ThrottlingException: Rate exceeded");
      return out;
    },
    setDesired: async (cluster, name, desired) => {
      if (faults.set.has(name)) throw new Error("ServerException: Service unavailable");
      await inner.setDesired(cluster, name, desired);
    },
  };
}

/** `scale up A -> B: `, `scale down A -> B: ` or `hold at A: `. */
function head(from: number, to: number): string {
  return to > from
    ? `scale up ${from} -> ${to}: `
    : to < from
      ? `scale down ${from} -> ${to}: `
      : `hold at ${from}: `;
}

/** What the test knows about one target in one round, to judge its recorded reason by. */
interface RoundFacts {
  readonly before: number;
  readonly after: number;
  readonly calls: readonly number[];
  readonly killSwitch: boolean;
  readonly paused: boolean;
  /** The count was changed by the test since driftless last set it. */
  readonly changedOutside: boolean;
  readonly setFailed: boolean;
}

/** The recorded reason states the action taken; hold words never come with a change; holds named exactly. */
function expectTrueRound(outcome: TargetOutcome, f: RoundFacts): void {
  const record = outcome.record;
  if (!record) return;
  const { reason } = record;
  const said = `${reason}\n  facts: ${JSON.stringify(f)}`;
  expect(f.calls.length, said).toBeLessThanOrEqual(1);
  if (f.calls.length === 1) expect(f.calls[0], said).toBe(record.desiredReplicas);
  // Contested (the test kept changing the count outside driftless): held like a pause, and only then.
  const contested = record.heldBy === "another controller";
  if (contested) expect(f.changedOutside, said).toBe(true);
  const held = f.killSwitch || f.paused || contested;
  if (held) expect(f.calls, said).toEqual([]);
  if (f.after !== f.before) {
    expect(
      reason.startsWith(head(f.before, f.after)),
      `${said}\n  should start with ${head(f.before, f.after)}`,
    ).toBe(true);
    expect(record.previousTarget, said).toBe(f.before);
    expect(record.direction, said).toBe(f.after > f.before ? "up" : "down");
    for (const phrase of FORBIDDEN_ON_CHANGE) expect(reason, said).not.toMatch(phrase);
    // Acting from a count other than the target the decision replaced: the reason says what ECS had, or
    // which earlier action is being carried out.
    if (outcome.decision && outcome.decision.previousTarget !== f.before)
      expect(reason, said).toMatch(
        new RegExp(`ECS desired count was ${f.before}\\b|retried action|took over action`),
      );
  } else if (held) {
    // Nothing was done: the reason names the hold (below).
  } else if (f.setFailed && record.desiredReplicas !== f.before) {
    // The change was attempted and failed: the reason states the attempt, the outcome the error.
    expect(outcome.status, said).toBe("error");
    expect(reason.startsWith(head(f.before, record.desiredReplicas)), said).toBe(true);
  } else {
    expect(
      reason.startsWith(head(f.before, f.before)),
      `${said}\n  should start with ${head(f.before, f.before)}`,
    ).toBe(true);
  }
  if (/changed outside/.test(reason)) expect(f.changedOutside, said).toBe(true);
  expect(/kill switch on/.test(reason), said).toBe(f.killSwitch);
  expect(/\bpaused\b/.test(reason), said).toBe(f.paused);
}

describe("engine reasons are true", () => {
  it(
    "state the action the engine took, from what count to what count, on random policies, loads and faults",
    async () => {
      await fc.assert(
        fc.asyncProperty(worldArb, async (w) => {
          const h = engineHarness(EPOCH + w.start);
          const faults = { describe: new Set<string>(), set: new Set<string>() };
          const deps = { ...h.deps, services: faultyServices(h.services, faults), ceilings: w.ceilings };
          const paused = IDS.map((_, i) => w.setups[i]!.item.paused === true);
          const changedOutside = IDS.map(() => false);
          let killSwitch = w.killSwitch;
          const putPolicy = (i: number) =>
            h.policies.putRaw(IDS[i]!, {
              ...bodyOf(IDS[i]!, w.setups[i]!, w.grouped, w.groupGpus),
              paused: paused[i],
            });
          IDS.forEach((id, i) => {
            const n = w.setups[i]!.replicas;
            putPolicy(i);
            h.services.set(CLUSTER, service(id), { desired: n, running: n, pending: 0 });
            if (w.setups[i]!.capacity === "direct")
              h.capacity.groups.set(`asg-${id}`, { min: 0, max: 40, desired: n, inService: n });
          });
          for (const r of w.rounds) {
            const t0 = h.clock.now();
            h.clock.advance(r.advance);
            const now = h.clock.now();
            if (r.toggleKill) killSwitch = !killSwitch;
            await h.states.putSettings({ killSwitch, ceilings: {} });
            faults.describe.clear();
            faults.set.clear();
            h.metrics.failWith = r.metricsFail ? "ThrottlingException: Rate exceeded" : null;
            const before: number[] = [];
            IDS.forEach((id, i) => {
              if (r.togglePause[i]) {
                paused[i] = !paused[i];
                putPolicy(i);
              }
              const key = `${CLUSTER}/${service(id)}`;
              const counts = h.services.services.get(key)!;
              const manual = r.manual[i];
              let next: ServiceCounts = counts;
              if (manual !== null && manual !== undefined && manual !== counts.desired) {
                next = { ...next, desired: manual };
                changedOutside[i] = true;
              }
              if (r.settle) next = { ...next, running: next.desired, pending: 0 };
              else next = { ...next, pending: Math.max(0, next.desired - next.running) };
              h.services.services.set(key, next);
              before.push(next.desired);
              const load = r.loads[i]!;
              const at = load.kind === "stale" ? t0 - 600 : load.kind === "none" ? null : now;
              if (at !== null)
                for (let t = Math.max(t0, at - 60); t <= at; t += 10)
                  h.metrics.put(NS, "Ongoing", { Service: service(id) }, { t, v: load.v });
              if (r.latencyMs !== null) h.metrics.put("n", "ttft", {}, { t: now, v: r.latencyMs });
              if (r.describeFail[i]) faults.describe.add(service(id));
              if (r.setFail[i]) faults.set.add(service(id));
            });
            const callsBefore = h.services.calls.length;
            const groupCallsBefore = h.capacity.calls.length;
            const groupsBefore = new Map([...h.capacity.groups].map(([g, c]) => [g, c.desired]));
            const report = await evaluateRound(deps);
            const calls = h.services.calls.slice(callsBefore);
            for (const [i, id] of IDS.entries()) {
              const outcome = report.outcomes.find((o) => o.targetId === id);
              if (!outcome) continue;
              const after = h.services.services.get(`${CLUSTER}/${service(id)}`)!.desired;
              const mine = calls.filter((c) => c.service === service(id)).map((c) => c.desired);
              expectTrueRound(outcome, {
                before: before[i]!,
                after,
                calls: mine,
                killSwitch,
                paused: paused[i]!,
                changedOutside: changedOutside[i]!,
                setFailed: r.setFail[i]!,
              });
              // Held: the Auto Scaling group is left alone too.
              if (killSwitch || paused[i])
                expect(
                  h.capacity.calls.slice(groupCallsBefore).filter((c) => c.group === `asg-${id}`),
                ).toEqual([]);
              if (outcome.record && w.setups[i]!.capacity === "direct") {
                // A reason names a group change exactly when its action sets the group, in its direction.
                const group = `asg-${id}`;
                const set = h.capacity.calls.slice(groupCallsBefore).filter((c) => c.group === group);
                const named = new RegExp(
                  `\\[Auto Scaling group ${group}:? (raised|lowered) to (\\d+) instances?[\\],]`,
                ).exec(outcome.record.reason);
                const said = `${outcome.record.reason}\n  group calls: ${JSON.stringify(set)}`;
                // A failed action states what it attempted: its calls are those named, or fewer.
                const attempted = named === null ? [] : [Number(named[2])];
                if (outcome.status === "error")
                  expect(attempted, said).toEqual(expect.arrayContaining(set.map((c) => c.desired)));
                else expect(attempted, said).toEqual(set.map((c) => c.desired));
                if (named !== null)
                  expect(named[1], said).toBe(
                    Number(named[2]) > groupsBefore.get(group)! ? "raised" : "lowered",
                  );
              }
              if (outcome.record) {
                // The history entry and the state's last decision say the same.
                const state = await h.states.get(id);
                expect(state?.lastDecision?.reason).toBe(outcome.record.reason);
                const logged = h.log.records.filter((x) => x.targetId === id).at(-1);
                expect(logged?.reason).toBe(outcome.record.reason);
              }
              if (mine.length > 0) changedOutside[i] = false;
            }
          }
        }),
        { numRuns: bySize(150, 3000) },
      );
    },
    bySize(60_000, 900_000),
  );
});
