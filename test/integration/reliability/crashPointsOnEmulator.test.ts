/**
 * Crash points on the emulator: the same crashes as test/unit/reliability/crashPoints.test.ts, with the
 * production adapters (conditional PutItem, the applied-mark UpdateItem, BatchWriteItem history) against
 * moto. Every evaluation after the crash runs as a new process (its own clients and adapters), as the next
 * Lambda invocation would.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { type CrashPoint, crashAt } from "../../reliability/crashAt";
import { type EmulatorWorld, emulatorWorld } from "../../reliability/emulatorWorld";
import { totalLoadPolicy } from "../../reliability/memoryWorld";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { historyGaps, lostUpdates } from "../../reliability/stateAudit";
import { judges, towards } from "../../reliability/worldAudit";
import { resetEmulator } from "../../support/resetEmulator";

const tally = new ReliabilityTally("crash points (emulator)");
afterAll(() => tally.record());

const GRACE_S = 60;
const STEP_S = 10;

let world: EmulatorWorld | undefined;
afterEach(() => world?.destroy());

interface Case {
  readonly step: string;
  readonly point: CrashPoint;
  readonly direct: boolean;
  readonly from: number;
  readonly goal: number;
  readonly convergesAt: number;
}

const up = { from: 2, goal: 6 };
const down = { from: 6, goal: 2 };
const CASES: readonly Case[] = [
  {
    step: "before the metric read",
    point: { port: "metrics", method: "fetch", when: "before" },
    direct: false,
    ...up,
    convergesAt: STEP_S,
  },
  {
    step: "after deciding, before the state write",
    point: { port: "states", method: "put", when: "before" },
    direct: false,
    ...down,
    convergesAt: STEP_S,
  },
  {
    step: "after the state write",
    point: { port: "states", method: "put", when: "after" },
    direct: false,
    ...up,
    convergesAt: GRACE_S,
  },
  {
    step: "after the state write",
    point: { port: "states", method: "put", when: "after" },
    direct: true,
    ...up,
    convergesAt: GRACE_S,
  },
  {
    step: "after the Auto Scaling call",
    point: { port: "capacity", method: "setDesired", when: "after" },
    direct: true,
    ...up,
    convergesAt: GRACE_S,
  },
  {
    step: "after the ECS call",
    point: { port: "services", method: "setDesired", when: "after" },
    direct: false,
    ...up,
    convergesAt: STEP_S,
  },
  {
    step: "after the ECS call",
    point: { port: "services", method: "setDesired", when: "after" },
    direct: false,
    ...down,
    convergesAt: STEP_S,
  },
  {
    step: "after the ECS call",
    point: { port: "services", method: "setDesired", when: "after" },
    direct: true,
    ...up,
    convergesAt: STEP_S,
  },
  {
    step: "after marking it applied",
    point: { port: "states", method: "markActionApplied", when: "after" },
    direct: true,
    ...up,
    convergesAt: STEP_S,
  },
  {
    step: "after the history append",
    point: { port: "log", method: "append", when: "after" },
    direct: false,
    ...up,
    convergesAt: STEP_S,
  },
];

describe("on the emulator, an evaluation that crashes", () => {
  it.each(
    CASES.map((c) => ({ ...c, label: `${c.step} (${c.from} -> ${c.goal}${c.direct ? ", direct" : ""})` })),
  )(
    "$label: converges, never acts twice, loses no decision",
    async ({ point, direct, from, goal, convergesAt }) => {
      // arrange
      await resetEmulator();
      const w = await emulatorWorld();
      world = w;
      await w.addServices(["a"], from, direct ? ["a"] : []);
      const setup = w.runtime({ direct: true });
      await setup.deps.policies.put(
        {
          targetId: "a",
          updatedBy: "test",
          updatedAt: "2026-01-01T00:00:00Z",
          body: totalLoadPolicy("a", { direct }),
        },
        0,
      );
      await w.publish(new Map([["a", goal * 10]]), w.t0 - 150, w.t0 + 2 * GRACE_S);
      w.audit.judge = judges(towards("gpu/llm-a", goal), towards("gpu-asg-a", goal));
      // act: the crashing evaluation, then a new process every 10 s for two grace periods
      const crash = await crashAt(w.runtime().deps, point).run((deps) => evaluateRound(deps));
      const outcomes = [];
      const convergedAt: number[] = [];
      for (let t = STEP_S; t <= 2 * GRACE_S; t += STEP_S) {
        w.clock.set(w.t0 + t);
        outcomes.push(...(await evaluateRound({ ...w.runtime().deps, actionGraceS: GRACE_S })).outcomes);
        if ((await w.desired("a")) === goal && (!direct || (await w.instances("a")) === goal))
          convergedAt.push(t);
      }
      // assert
      expect(crash.crashed).toBe(true);
      expect(convergedAt[0]).toBe(convergesAt);
      expect(convergedAt.at(-1)).toBe(2 * GRACE_S);
      const state = await setup.deps.states.get("a");
      expect(state?.target).toBe(goal);
      expect(state?.action?.appliedAt).not.toBeNull();
      expect(w.audit.doubleActions).toBe(0);
      expect(w.audit.wrong).toEqual([]);
      expect(w.audit.changes("gpu/llm-a")).toHaveLength(1);
      if (direct) expect(w.audit.changes("gpu-asg-a")).toHaveLength(1);
      const history = await setup.deps.log.recent("a", 100);
      expect(historyGaps(w.writes, history)).toEqual({ missing: [], phantom: [] });
      expect(lostUpdates(outcomes)).toBe(0);
      tally.add({
        faultsInjected: 1,
        evaluations: outcomes.length + 1,
        actions: w.audit.actions,
        doubleActions: w.audit.doubleActions,
        wrongDirection: w.audit.wrongDirection,
        lostUpdates: lostUpdates(outcomes),
      });
    },
  );
});
