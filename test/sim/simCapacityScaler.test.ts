import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DirectCapacity } from "../../sim/capacity/DirectCapacity";
import { ControlPlaneMeter } from "../../sim/driftless/ControlPlaneMeter";
import { SimCapacityScaler } from "../../sim/driftless/SimCapacityScaler";
import { World } from "../../sim/model/World";
import { SimLoop } from "../../sim/SimLoop";
import type { Workload } from "../../sim/traces/Workload";
import { fixedStage, tinyTrace } from "./simFixtures";

const trace = tinyTrace([{ t: 0, rps: 0 }], 86_400, fixedStage({ modelLoadS: [60, 60] }));
const none: Workload = {
  arrivals: new Float64Array(0),
  firstOutputS: [new Float64Array(0)],
  serviceS: [new Float64Array(0)],
};

/** What the group and the cluster report, worked out from every instance and replica the run ever had. */
function reportedFromScratch(world: World, protectedIds: ReadonlySet<string>) {
  const all = world.pool.instances;
  const replicas = world.services.flatMap((s) => s.replicas);
  return {
    instances: all
      .filter((i) => (i.state === "booting" || i.state === "ready") && !i.forPool)
      .map((i) => ({
        instanceId: `i-sim${i.id}`,
        lifecycleState: i.state === "ready" ? "InService" : "Pending",
        protectedFromScaleIn: protectedIds.has(`i-sim${i.id}`),
      })),
    warmPool: {
      stopped: all.filter((i) => i.state === "stopped").length,
      preparing: all.filter((i) => i.forPool && i.state === "booting").length,
    },
    hosted: all
      .filter((i) => i.state === "ready")
      .map((i) => {
        const on = replicas.filter((r) => r.instance === i);
        return [
          `i-sim${i.id}`,
          {
            running: on.filter((r) => r.state === "serving").length,
            pending: on.filter((r) => r.state === "loading").length,
            stopping: on.filter((r) => r.state === "draining").length,
            status: "ACTIVE",
          },
        ];
      }),
  };
}

describe("SimCapacityScaler", () => {
  it("reports the group's live instances, its warm pool and each ready instance's tasks, in launch order, through scale-outs and scale-ins", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ replicas: fc.integer({ min: 0, max: 5 }), afterS: fc.integer({ min: 1, max: 400 }) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        fc.boolean(),
        async (steps, warm) => {
          const loop = new SimLoop(trace.start);
          const group = new DirectCapacity(warm ? { maxInstances: 6 } : null);
          const world = new World(loop, trace, none, 1, [1], group);
          const scaler = new SimCapacityScaler("gpu-asg", 6, group, world, new ControlPlaneMeter());
          const protectedIds = new Set<string>();
          for (const step of steps) {
            group.setDesiredCapacity(step.replicas);
            world.setDesired(0, step.replicas, null, 0);
            await loop.run(loop.now() + step.afterS);
            const ids = world.pool.instances.filter((i) => i.id % 2 === 0).map((i) => `i-sim${i.id}`);
            await scaler.setScaleInProtection({ groupName: "gpu-asg", instanceIds: ids, protect: true });
            for (const id of ids) protectedIds.add(id);
            const expected = reportedFromScratch(world, protectedIds);
            const described = (await scaler.describe(["gpu-asg"])).get("gpu-asg")!;
            expect(described.instances).toEqual(expected.instances);
            if (warm) expect(described.warmPool).toMatchObject(expected.warmPool);
            else expect(described.warmPool).toBeUndefined();
            expect([...(await scaler.hostedTasks("gpu")).entries()]).toEqual(expected.hosted);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
