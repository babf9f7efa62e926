import { describe, expect, it } from "vitest";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import type { Autoscaler } from "../../sim/peers/Autoscaler";
import { EcsTargetTracking } from "../../sim/peers/EcsTargetTracking";
import { FixedFleet } from "../../sim/peers/FixedFleet";
import { hpaDesiredReplicas } from "../../sim/peers/hpaDesiredReplicas";
import { HPA_DEFAULTS, KedaHpa } from "../../sim/peers/KedaHpa";
import { RayServePostFix } from "../../sim/peers/RayServePostFix";
import { RayServePreFix } from "../../sim/peers/RayServePreFix";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import type { RatePoint, Trace } from "../../sim/traces/Trace";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

/** 1 s requests: the ongoing requests equal the rate. One replica at target 10. */
function traceOf(rate: readonly RatePoint[], durationS = 900): Trace {
  return tinyTrace(rate, durationS, fixedStage());
}
const steady = (rps: number) => [
  { t: 0, rps },
  { t: 3600, rps },
];

function policies(trace: Trace, extra: Record<string, unknown> = {}) {
  const p = resolveSimPolicies(rayFields(extra), trace);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  return p.resolved;
}

async function decisions(trace: Trace, autoscaler: Autoscaler) {
  const run = await runSimulation(trace, generateWorkload(trace, 1), autoscaler, 1);
  return run.world.decisions.map((d) => ({ at: d.at - trace.start, to: d.to }));
}

describe("ECS target tracking", () => {
  it("scales out only on the third one-minute datapoint above target (readable 30 s after its minute)", async () => {
    const trace = traceOf(steady(25));
    const d = await decisions(trace, new EcsTargetTracking(policies(trace), 4));
    // Minutes [0, 60), [60, 120), [120, 180): the third is readable at 210. About 25 per task, target 10: 3.
    expect(d[0]).toEqual({ at: 210, to: 3 });
  });

  it("does not scale out on two datapoints above target followed by one below", async () => {
    const trace = traceOf([
      { t: 0, rps: 30 },
      { t: 120, rps: 30 },
      { t: 120, rps: 1 },
      { t: 3600, rps: 1 },
    ]);
    const d = await decisions(trace, new EcsTargetTracking(policies(trace), 4));
    expect(d).toEqual([]);
  });
});

describe("KEDA + HPA", () => {
  it.each([
    { value: 21, current: 2, want: 2, why: "ratio 1.05 is inside the 10 % tolerance" },
    { value: 17.9, current: 2, want: 2, why: "ratio 0.895 is outside it: but the window holds 2" },
    { value: 23, current: 2, want: 3, why: "ratio 1.15: ceil(23 / 10)" },
    { value: 100, current: 1, want: 5, why: "scale-up limited to max(+100 %, +4 pods)" },
    { value: 1000, current: 3, want: 7, why: "limited to max(6, 3 + 4)" },
    { value: 1000, current: 6, want: 8, why: "limited to 12, then clamped to max 8" },
  ])("decides $want from $value at $current replicas ($why)", ({ value, current, want }) => {
    const history = [{ t: 0, v: current }];
    expect(
      hpaDesiredReplicas({ now: 15, value, target: 10, current, min: 1, max: 8, history, ...HPA_DEFAULTS }),
    ).toBe(want);
  });

  it("scales down only to the highest recommendation of the last 300 s (stabilization)", () => {
    const history: { t: number; v: number }[] = [];
    const at = (now: number, value: number, current: number) =>
      hpaDesiredReplicas({ now, value, target: 10, current, min: 1, max: 8, history, ...HPA_DEFAULTS });
    expect(at(0, 50, 5)).toBe(5);
    // Load gone at t = 15: the recommendation of 5 at t = 0 holds the count until it leaves the window.
    for (let t = 15; t <= 300; t += 15) expect(at(t, 5, 5)).toBe(5);
    expect(at(315, 5, 5)).toBe(1);
  });

  it("acts on KEDA's 5-minute CloudWatch statistic once the first minute is readable", async () => {
    const trace = traceOf(steady(30));
    const d = await decisions(trace, new KedaHpa(policies(trace)));
    // The first standard datapoint is readable at 90 s; the next HPA sync acts on it.
    expect(d[0]!.at).toBeGreaterThanOrEqual(90);
    expect(d[0]!.at).toBeLessThan(90 + HPA_DEFAULTS.syncS);
    expect(d[0]!.to).toBe(3);
  });
});

describe("Ray Serve", () => {
  it.each([
    { delay: 30, pre: 45, why: "300 iterations of 0.15 s" },
    { delay: 0.25, pre: 0.45, why: "ceil(2.5) = 3 iterations of 0.15 s" },
    { delay: 2, pre: 3, why: "20 iterations of 0.15 s" },
  ])(
    "before the fix a $delay s delay fires after ceil(delay / 0.1) iterations of 0.1 s + overhead: $pre s ($why)",
    async ({ delay, pre }) => {
      // A constant 50 ms overhead per iteration (none per request), so every iteration lasts 0.15 s.
      const overhead = { baseS: 0.05, perRequestS: 0 };
      const trace = traceOf(steady(30), 300);
      const prefix = new RayServePreFix(policies(trace, { upscale_delay_s: delay }), overhead);
      const postfix = new RayServePostFix(policies(trace, { upscale_delay_s: delay }), overhead);
      await runSimulation(trace, generateWorkload(trace, 1), prefix, 1);
      await runSimulation(trace, generateWorkload(trace, 1), postfix, 1);
      const [p] = prefix.lateness().filter((s) => s.direction === "up");
      const [q] = postfix.lateness().filter((s) => s.direction === "up");
      // Fired after `pre` seconds of wanting it (intendedAt = first wanted + delay).
      expect(p!.at - (p!.intendedAt - delay)).toBeCloseTo(pre, 6);
      // After the fix: at the first iteration at or past the delay, less than one iteration late.
      expect(q!.at - q!.intendedAt).toBeGreaterThanOrEqual(0);
      expect(q!.at - q!.intendedAt).toBeLessThan(0.15);
    },
  );

  it("after the fix decides what decide decides: about 25 ongoing at target 10 is 3 replicas", async () => {
    const trace = traceOf(steady(25), 300);
    const d = await decisions(trace, new RayServePostFix(policies(trace)));
    expect(d.map((x) => x.to)).toEqual([3]);
  });
});

describe("fixed fleet", () => {
  it("runs max_replicas from the start, never scales, and pays for every GPU-hour", async () => {
    const trace = traceOf(steady(1), 3600);
    const run = await runSimulation(trace, generateWorkload(trace, 1), new FixedFleet(policies(trace)), 1);
    expect(run.world.decisions).toEqual([]);
    expect(run.world.services[0]!.counts().running).toBe(4);
    expect(run.world.pool.gpuSeconds(run.world.start, run.world.end)).toBe(4 * 3600);
  });
});
