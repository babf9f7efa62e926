import { describe, expect, it } from "vitest";
import type { AlarmSpec } from "../../shared/alarms/AlarmSpec";
import { alarmSpecsFor } from "../../shared/alarms/alarmSpecsFor";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import type { World } from "../../sim/model/World";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

// Quiet for 10 minutes (0.5 ongoing), then 25 requests/s of 1 s each: 25 ongoing in total.
const trace = tinyTrace(
  [
    { t: 0, rps: 0.5 },
    { t: 600, rps: 0.5 },
    { t: 600, rps: 25 },
    { t: 1800, rps: 25 },
  ],
  1800,
  fixedStage(),
);
const TARGET = "tiny-svc";

/** driftless whose stored alarms are then changed by `edit` (as a policy-sync of another spec would). */
class EditedAlarms extends DriftlessAutoscaler {
  edit: (specs: readonly AlarmSpec[]) => AlarmSpec[] = (specs) => [...specs];
  override attach(world: World): void {
    super.attach(world);
    void this.alarms.syncAlarms(TARGET, this.edit(this.alarms.specsOf(TARGET)));
  }
}

async function run(
  options: { extra?: Record<string, unknown>; perReplica?: boolean; edit?: EditedAlarms["edit"] } = {},
) {
  const policies = resolveSimPolicies(
    rayFields({ downscale_delay_s: 3600, ...options.extra }),
    trace,
    options.perReplica ?? false,
  );
  if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
  const driftless = new EditedAlarms("driftless:test", "test", policies.bodies, policies.resolved);
  if (options.edit) driftless.edit = options.edit;
  await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
  return { driftless, policy: policies.resolved[0]! };
}

const triggersOf = (driftless: DriftlessAutoscaler, suffix: string) =>
  driftless.alarmTriggers.filter((t) => t.alarm === `${TARGET}.${suffix}`).map((t) => t.at - trace.start);

describe("the simulator triggers on the production alarm specs", () => {
  it("keeps exactly the alarms policy-sync would create (alarmSpecsFor) and counts them as billed", async () => {
    const { driftless, policy } = await run({ extra: { min_replicas: 2 } });
    expect(driftless.alarms.specsOf(TARGET)).toEqual(alarmSpecsFor(policy));
    expect(driftless.usage().alarms.highResolution).toBe(alarmSpecsFor(policy).length);
  });

  it("a total metric alarms above target x min_replicas in total: 25 ongoing passes 10 x 2, not 10 x 4", async () => {
    const two = await run({ extra: { min_replicas: 2 } });
    // The datapoint of [600, 610) is readable at 615: the production scale-up alarm (total > 20) flips then.
    expect(triggersOf(two.driftless, "scale-up")).toEqual([615]);
    // With 4 replicas at least, the threshold is 40 in total: 25 ongoing (Poisson arrivals) never passes it.
    const four = await run({ extra: { min_replicas: 4 } });
    expect(triggersOf(four.driftless, "scale-up")).toEqual([]);
    // Quiet load (0.5 in total) is below half the threshold from the first datapoint on.
    expect(triggersOf(four.driftless, "scale-down")[0]).toBe(15);
  });

  it("a per-replica metric alarms above target_ongoing_requests per serving replica", async () => {
    const { driftless, policy } = await run({ perReplica: true });
    expect(alarmSpecsFor(policy).find((s) => s.suffix === "scale-up")?.threshold).toBe(10);
    expect(triggersOf(driftless, "scale-up")[0]).toBe(615);
  });

  it("follows a changed spec: a higher threshold silences the trigger, three evaluation periods delay it", async () => {
    const silenced = await run({
      edit: (specs) => specs.map((s) => (s.suffix === "scale-up" ? { ...s, threshold: 1000 } : s)),
    });
    expect(triggersOf(silenced.driftless, "scale-up")).toEqual([]);
    const slower = await run({
      edit: (specs) =>
        specs.map((s) =>
          s.suffix === "scale-up" ? { ...s, evaluationPeriods: 3, datapointsToAlarm: 3 } : s,
        ),
    });
    // Periods [600, 610), [610, 620) and [620, 630) must all breach: decided when the third is readable.
    expect(triggersOf(slower.driftless, "scale-up")).toEqual([635]);
  });

  it("starts no alarm invocation when alarms are off", async () => {
    const policies = resolveSimPolicies(rayFields(), trace);
    if (!policies.ok) throw new Error("bad policy");
    const driftless = new DriftlessAutoscaler("d", "d", policies.bodies, policies.resolved, {
      alarms: false,
    });
    await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
    expect(driftless.alarmTriggers).toEqual([]);
    expect(driftless.usage().alarms.highResolution).toBe(0);
  });
});
