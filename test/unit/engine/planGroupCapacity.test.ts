import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type GroupMemberTasks,
  groupPlanText,
  planGroupCapacity,
} from "../../../shared/engine/planGroupCapacity";
import type { GroupCapacity } from "../../../shared/engine/ports/CapacityScaler";

const member = (targetId: string, m: Partial<GroupMemberTasks> = {}): GroupMemberTasks => ({
  targetId,
  gpusPerTask: 1,
  gpusPerInstance: 1,
  spareInstances: 0,
  desired: 0,
  present: 0,
  mayAct: true,
  ...m,
});
/** A read that found no container instances: the busy-instance rule holds nothing back (groups here list no instances). */
const NO_TASKS_READ = { ok: true, hosts: new Map() } as const;
const group = (g: Partial<GroupCapacity> = {}): GroupCapacity => ({
  min: 0,
  max: 20,
  desired: 0,
  inService: 0,
  ...g,
});

describe("the plan of an Auto Scaling group shared by targets in mode direct", () => {
  it.each([
    {
      name: "sets the group for the sum of its members' tasks",
      members: [member("a", { desired: 3, present: 2 }), member("b", { desired: 4, present: 4 })],
      capacity: group({ desired: 6 }),
      instances: 7,
    },
    {
      name: "packs whole tasks by each member's GPUs per task (a: 2 of 2 GPUs, b: 3 of 1 GPU on 4-GPU instances)",
      members: [
        member("a", { desired: 2, gpusPerTask: 2, gpusPerInstance: 4 }),
        member("b", { desired: 3, gpusPerTask: 1, gpusPerInstance: 4 }),
      ],
      capacity: group(),
      instances: 2,
    },
    {
      name: "never lets a task span instances (three 3-GPU tasks on 4-GPU instances need three)",
      members: [
        member("a", { desired: 2, gpusPerTask: 3, gpusPerInstance: 4 }),
        member("b", { desired: 1, gpusPerTask: 3, gpusPerInstance: 4 }),
      ],
      capacity: group(),
      instances: 3,
    },
    {
      name: "adds spare instances once per group, the most any member asks",
      members: [
        member("a", { desired: 2, spareInstances: 1 }),
        member("b", { desired: 2, spareInstances: 2 }),
      ],
      capacity: group(),
      instances: 6,
    },
    {
      name: "falls only once the tasks still present are gone",
      members: [member("a", { desired: 1, present: 3 }), member("b", { desired: 1, present: 1 })],
      capacity: group({ desired: 6 }),
      instances: 4,
    },
    {
      name: "keeps a higher desired capacity the tasks still fill",
      members: [member("a", { desired: 2, present: 4 }), member("b", { desired: 2, present: 2 })],
      capacity: group({ desired: 5 }),
      instances: 5,
    },
    {
      name: "counts a member it does not evaluate by the tasks ECS has (it cannot set the group)",
      members: [member("a", { desired: 5 }), member("b", { desired: 3, present: 3, mayAct: false })],
      capacity: group({ desired: 3 }),
      instances: 8,
    },
    {
      name: "stays within the group's max",
      members: [member("a", { desired: 8 }), member("b", { desired: 8 })],
      capacity: group({ max: 10 }),
      instances: 10,
    },
    {
      name: "stays at the group's min",
      members: [member("a", { desired: 0 }), member("b", { desired: 0 })],
      capacity: group({ min: 2, desired: 2 }),
      instances: 2,
    },
  ])("$name", ({ members, capacity, instances }) => {
    const plan = planGroupCapacity({
      group: "gpu-asg",
      capacity,
      members,
      maxGpus: undefined,
      blocked: null,
      hosted: NO_TASKS_READ,
    });
    expect(plan.instances).toBe(instances);
  });

  it("keeps spare instances within the deploy-time GPU ceiling, the tasks' own instances always", () => {
    const plan = planGroupCapacity({
      group: "gpu-asg",
      capacity: group(),
      members: [member("a", { desired: 3, spareInstances: 3 }), member("b", { desired: 2 })],
      maxGpus: 6,
      blocked: null,
      hosted: NO_TASKS_READ,
    });
    expect(plan.instances).toBe(6);
  });

  it("is set by one member: the first by id that may act", () => {
    const plan = planGroupCapacity({
      group: "gpu-asg",
      capacity: group(),
      members: [
        member("c", { desired: 1 }),
        member("a", { desired: 1, mayAct: false }),
        member("b", { desired: 1 }),
      ],
      maxGpus: undefined,
      blocked: null,
      hosted: NO_TASKS_READ,
    });
    expect(plan.controller).toBe("b");
    expect(groupPlanText(plan)).toBe(
      "Auto Scaling group gpu-asg shared: 3 instances for 3 tasks (a 1 + b 1 + c 1), set by b",
    );
  });

  it.each([
    {
      name: "a member's tasks are unknown",
      blocked: "the tasks of target b on it are unknown this round",
      members: [member("a", { desired: 2 })],
      capacity: group(),
      text: "Auto Scaling group gpu-asg not set: the tasks of target b on it are unknown this round",
    },
    {
      name: "the group was not read",
      blocked: null,
      members: [member("a", { desired: 2 }), member("b", { desired: 1 })],
      capacity: undefined,
      text: "Auto Scaling group gpu-asg not set: the group was not read",
    },
    {
      name: "no member may act",
      blocked: null,
      members: [member("a", { desired: 2, mayAct: false }), member("b", { desired: 1, mayAct: false })],
      capacity: group(),
      text: "Auto Scaling group gpu-asg not set: no target on it may act this round (tasks a 2 + b 1)",
    },
  ])("leaves the group as it is, and says why, when $name", ({ blocked, members, capacity, text }) => {
    const plan = planGroupCapacity({
      group: "gpu-asg",
      capacity,
      members,
      maxGpus: undefined,
      blocked,
      hosted: NO_TASKS_READ,
    });
    expect(plan).toMatchObject({ instances: null, controller: null });
    expect(groupPlanText(plan)).toBe(text);
  });

  it("says when instances are kept for tasks still present, and when the group's max bounds them", () => {
    const kept = planGroupCapacity({
      group: "g",
      capacity: group({ desired: 5 }),
      members: [member("a", { desired: 1, present: 3 }), member("b", { desired: 1, present: 1 })],
      maxGpus: undefined,
      blocked: null,
      hosted: NO_TASKS_READ,
    });
    expect(groupPlanText(kept)).toBe(
      "Auto Scaling group g shared: 4 instances for 2 tasks (a 1 + b 1), kept for the 4 tasks still present, set by a",
    );
    const max = planGroupCapacity({
      group: "g",
      capacity: group({ max: 3 }),
      members: [member("a", { desired: 2 }), member("b", { desired: 2 })],
      maxGpus: undefined,
      blocked: null,
      hosted: NO_TASKS_READ,
    });
    expect(groupPlanText(max)).toBe(
      "Auto Scaling group g shared: 3 instances (the group's max) for 4 tasks (a 2 + b 2), set by a",
    );
  });

  it("never falls below what the tasks present need, rises for the tasks decided, and stays within the max", () => {
    const arb = fc.array(
      fc.record({
        desired: fc.integer({ min: 0, max: 12 }),
        present: fc.integer({ min: 0, max: 12 }),
        gpusPerTask: fc.constantFrom(1, 2, 4),
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 40 }), (ms, current) => {
        const members = ms.map((m, i) => member(`t${i}`, { ...m, gpusPerInstance: 4 }));
        const capacity = group({ max: 40, desired: current });
        const plan = planGroupCapacity({
          group: "g",
          capacity,
          members,
          maxGpus: undefined,
          blocked: null,
          hosted: NO_TASKS_READ,
        });
        const gpus = (count: (m: (typeof ms)[number]) => number) =>
          ms.reduce((n, m) => n + count(m) * m.gpusPerTask, 0);
        expect(plan.instances).not.toBeNull();
        const present = Math.ceil(gpus((m) => Math.max(m.desired, m.present)) / 4);
        expect(plan.instances!).toBeGreaterThanOrEqual(Math.min(40, current, present));
        expect(plan.instances!).toBeGreaterThanOrEqual(Math.min(40, Math.ceil(gpus((m) => m.desired) / 4)));
        expect(plan.instances!).toBeLessThanOrEqual(40);
      }),
    );
  });
});
