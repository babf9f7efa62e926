/**
 * Crash points, in memory: an evaluation stopped at every step of deciding and acting (see crashAt.ts for
 * how a crash is modelled) is followed by evaluations every 10 s; the target must converge to the counts
 * the load asks for, no action may be applied twice, and the history must hold every decision that reached
 * the state table. The same crash points run against the emulator in
 * test/integration/reliability/crashPointsOnEmulator.test.ts.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { type CrashPoint, crashAt, SimulatedCrash } from "../../reliability/crashAt";
import { memoryWorld } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { brokenVersionChains, historyGaps, lostUpdates } from "../../reliability/stateAudit";
import { judges, towards } from "../../reliability/worldAudit";

const tally = new ReliabilityTally("crash points (in memory)");
afterAll(() => tally.record());

const GRACE_S = 60;
const STEP_S = 10;

interface Scenario {
  readonly name: string;
  readonly direct: boolean;
  /** Replicas (and instances) before, and the total load. */
  readonly from: number;
  readonly load: number;
  /** What the load asks for. */
  readonly goal: number;
}

const UP: Scenario = { name: "scale-up", direct: false, from: 2, load: 60, goal: 6 };
const UP_DIRECT: Scenario = {
  name: "scale-up, capacity mode direct",
  direct: true,
  from: 2,
  load: 60,
  goal: 6,
};
const DOWN: Scenario = { name: "scale-down", direct: false, from: 6, load: 20, goal: 2 };
const DOWN_DIRECT: Scenario = {
  name: "scale-down, capacity mode direct",
  direct: true,
  from: 6,
  load: 20,
  goal: 2,
};
const ALL = [UP, UP_DIRECT, DOWN, DOWN_DIRECT];

interface Case {
  readonly step: string;
  readonly point: CrashPoint;
  readonly scenarios: readonly Scenario[];
  /** Clean rounds before the crashing one (the instances of a scale-down go in the round after the tasks). */
  readonly warmup?: number;
  /** `next`: the evaluation 10 s later converges; `grace`: the first one at or after actionGraceS does. */
  readonly convergesBy: "next" | "grace";
  /**
   * The crash left the tasks of a direct-mode scale-down in place: their instances go one evaluation after
   * them (instances fall only once the tasks are gone).
   */
  readonly tasksLeft?: boolean;
}

const CASES: readonly Case[] = [
  {
    step: "before the metric read",
    point: { port: "metrics", method: "fetch", when: "before" },
    scenarios: ALL,
    convergesBy: "next",
    tasksLeft: true,
  },
  {
    step: "after deciding, before the state write",
    point: { port: "states", method: "put", when: "before" },
    scenarios: ALL,
    convergesBy: "next",
    tasksLeft: true,
  },
  {
    step: "after the state write",
    point: { port: "states", method: "put", when: "after" },
    scenarios: ALL,
    convergesBy: "grace",
    tasksLeft: true,
  },
  {
    step: "after the Auto Scaling call that adds instances, before the ECS call",
    point: { port: "capacity", method: "setDesired", when: "after" },
    scenarios: [UP_DIRECT],
    convergesBy: "grace",
  },
  {
    step: "after the ECS call, before marking it applied",
    point: { port: "services", method: "setDesired", when: "after" },
    scenarios: ALL,
    convergesBy: "next",
  },
  {
    step: "after the Auto Scaling call that removes instances, before marking it applied",
    point: { port: "capacity", method: "setDesired", when: "after" },
    scenarios: [DOWN_DIRECT],
    warmup: 1,
    convergesBy: "next",
  },
  {
    step: "after marking the action applied, before the history append",
    point: { port: "states", method: "markActionApplied", when: "after" },
    scenarios: ALL,
    convergesBy: "next",
  },
  {
    step: "after the history append",
    point: { port: "log", method: "append", when: "after" },
    scenarios: ALL,
    convergesBy: "next",
  },
];

const table = CASES.flatMap((c) =>
  c.scenarios.map((s) => ({ ...c, scenario: s, label: `${c.step} (${s.name})` })),
);

describe("an evaluation that crashes", () => {
  it.each(table)(
    "$label: converges, never acts twice, loses no decision",
    async ({ scenario, point, warmup, convergesBy, tasksLeft }) => {
      // arrange
      const w = memoryWorld();
      const t0 = w.clock.now();
      w.addTarget("a", scenario.from, { direct: scenario.direct });
      w.load("a", scenario.load, t0 - 60, t0 + 600);
      w.audit.judge = judges(towards("gpu/llm-a", scenario.goal), towards("gpu-asg-a", scenario.goal));
      const outcomes = [];
      for (let i = 0; i < (warmup ?? 0); i++) {
        outcomes.push(...(await evaluateRound(w.deps)).outcomes);
        w.settle();
        w.clock.advance(STEP_S);
      }
      // act: the crashing evaluation, then one every 10 s for two grace periods
      const crashing = crashAt(w.deps, point);
      const crash = await crashing.run((deps) => evaluateRound(deps));
      const crashedAt = w.clock.now();
      w.settle();
      const convergedAt: number[] = [];
      for (let t = STEP_S; t <= 2 * GRACE_S; t += STEP_S) {
        w.clock.set(crashedAt + t);
        const report = await evaluateRound({ ...w.deps, actionGraceS: GRACE_S });
        outcomes.push(...report.outcomes);
        w.settle();
        const done =
          w.desired("a") === scenario.goal && (!scenario.direct || w.instances("a") === scenario.goal);
        if (done) convergedAt.push(t);
      }
      // assert
      expect(crash.crashed).toBe(true);
      expect(w.desired("a")).toBe(scenario.goal);
      if (scenario.direct) expect(w.instances("a")).toBe(scenario.goal);
      const instancesLater = scenario === DOWN_DIRECT && tasksLeft === true ? STEP_S : 0;
      expect(convergedAt[0]).toBe((convergesBy === "next" ? STEP_S : GRACE_S) + instancesLater);
      // Once there, it stays there.
      expect(convergedAt).toEqual(
        Array.from({ length: convergedAt.length }, (_, i) => convergedAt[0]! + i * STEP_S),
      );
      const state = await w.states.get("a");
      expect(state?.target).toBe(scenario.goal);
      expect(state?.action?.appliedAt).not.toBeNull();
      expect(w.audit.doubleActions).toBe(0);
      expect(w.audit.wrong).toEqual([]);
      expect(w.audit.changes("gpu/llm-a")).toHaveLength(1);
      if (scenario.direct) expect(w.audit.changes("gpu-asg-a")).toHaveLength(1);
      expect(historyGaps(w.states.writes, w.log.records)).toEqual({ missing: [], phantom: [] });
      expect(brokenVersionChains(w.states.writes)).toBe(0);
      expect(lostUpdates(outcomes)).toBe(0);
      tally.add({
        faultsInjected: 1,
        evaluations: outcomes.length + 1,
        actions: w.audit.actions,
        doubleActions: w.audit.doubleActions,
        wrongDirection: w.audit.wrongDirection,
        lostUpdates: lostUpdates(outcomes) + brokenVersionChains(w.states.writes),
      });
    },
  );

  it("is modelled by freezing, because the engine catches what its AWS calls throw and carries on", async () => {
    // A SimulatedCrash thrown from the ECS call is recorded as a failed action and the evaluation goes on to
    // mark it and log it, which a dead Lambda would not: so crashAt freezes the evaluation instead.
    const w = memoryWorld();
    w.addTarget("a", 2);
    w.load("a", 60, w.clock.now() - 60);
    const throwing = {
      ...w.deps,
      services: { ...w.deps.services, setDesired: async () => Promise.reject(new SimulatedCrash("thrown")) },
    };
    const report = await evaluateRound(throwing);
    expect(report.outcomes[0]).toMatchObject({ status: "error", error: "thrown" });
    expect((await w.states.get("a"))?.action?.error).toBe("thrown");
    expect(w.log.records).toHaveLength(1);
  });

  it("in a round of several targets, every target converges and keeps its history", async () => {
    // arrange: three targets scaling up, the round dies after its second state write
    const w = memoryWorld();
    const t0 = w.clock.now();
    for (const id of ["a", "b", "c"]) {
      w.addTarget(id, 2, { direct: id === "b" });
      w.load(id, 60, t0 - 60, t0 + 600);
    }
    const crashing = crashAt(w.deps, { port: "states", method: "put", when: "after", nth: 2 });
    // act
    const crash = await crashing.run((deps) => evaluateRound(deps));
    for (let t = STEP_S; t <= 2 * GRACE_S; t += STEP_S) {
      w.settle();
      w.clock.set(t0 + t);
      await evaluateRound({ ...w.deps, actionGraceS: GRACE_S });
    }
    // assert
    expect(crash.crashed).toBe(true);
    expect(["a", "b", "c"].map((id) => w.desired(id))).toEqual([6, 6, 6]);
    expect(w.instances("b")).toBe(6);
    expect(w.audit.doubleActions).toBe(0);
    expect(historyGaps(w.states.writes, w.log.records)).toEqual({ missing: [], phantom: [] });
    tally.add({ faultsInjected: 1, evaluations: 3 * 13, actions: w.audit.actions });
  });

  it("crashing at a random step of a random load history still converges, once per decision, with every decision logged", async () => {
    const points: CrashPoint[] = [
      { port: "metrics", method: "fetch", when: "before" },
      { port: "states", method: "put", when: "before" },
      { port: "states", method: "put", when: "after" },
      { port: "capacity", method: "setDesired", when: "after" },
      { port: "services", method: "setDesired", when: "after" },
      { port: "states", method: "markActionApplied", when: "after" },
      { port: "log", method: "append", when: "after" },
      { port: "log", method: "append", when: "before" },
    ];
    const step = fc.record({
      load: fc.integer({ min: 0, max: 120 }),
      advance: fc.integer({ min: 1, max: 90 }),
      crash: fc.option(fc.constantFrom(...points), { freq: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        async (direct, steps) => {
          const w = memoryWorld();
          w.addTarget("a", 2, { direct });
          let t = w.clock.now();
          w.load("a", 20, t - 60, t);
          let crashes = 0;
          for (const s of steps) {
            t += s.advance;
            w.clock.set(t);
            w.load("a", s.load, t - s.advance + 1, t);
            if (s.crash) {
              const run = await crashAt(w.deps, s.crash).run((deps) =>
                evaluateRound({ ...deps, actionGraceS: GRACE_S }),
              );
              if (run.crashed) crashes++;
            } else {
              await evaluateRound({ ...w.deps, actionGraceS: GRACE_S });
            }
            w.settle();
          }
          // Recovery: the load holds at the last value for two grace periods.
          const last = steps.at(-1)!.load;
          const goal = Math.min(8, Math.max(1, Math.ceil(last / 10)));
          for (let k = 1; k <= 13; k++) {
            w.clock.set(t + k * STEP_S);
            w.load("a", last, t + (k - 1) * STEP_S + 1, t + k * STEP_S);
            await evaluateRound({ ...w.deps, actionGraceS: GRACE_S });
            w.settle();
          }
          expect(w.desired("a")).toBe(goal);
          if (direct) expect(w.instances("a")).toBe(goal);
          expect(w.audit.doubleActions).toBe(0);
          expect(historyGaps(w.states.writes, w.log.records)).toEqual({ missing: [], phantom: [] });
          expect(brokenVersionChains(w.states.writes)).toBe(0);
          tally.add({ faultsInjected: crashes, evaluations: steps.length + 13, actions: w.audit.actions });
        },
      ),
      { numRuns: bySize(150, 2000), seed: 6_2026 },
    );
  });
});
