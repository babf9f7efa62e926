import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planScaleIn } from "../../../shared/engine/planScaleIn";
import type { GroupCapacity, GroupInstance, HostedTasks } from "../../../shared/engine/ports/CapacityScaler";
import type { HostedAnswer } from "../../../shared/engine/readHostedTasks";

const member = (instanceId: string, m: Partial<GroupInstance> = {}): GroupInstance => ({
  instanceId,
  lifecycleState: "InService",
  protectedFromScaleIn: false,
  ...m,
});
const tasks = (t: Partial<HostedTasks> = {}): HostedTasks => ({
  running: 0,
  pending: 0,
  stopping: 0,
  status: "ACTIVE",
  ...t,
});
const capacity = (desired: number, instances: readonly GroupInstance[] | undefined): GroupCapacity => ({
  min: 0,
  max: 10,
  desired,
  inService: desired,
  ...(instances === undefined ? {} : { instances }),
});
const hosts = (entries: Record<string, Partial<HostedTasks>>): HostedAnswer => ({
  ok: true,
  hosts: new Map(Object.entries(entries).map(([id, t]) => [id, tasks(t)])),
});

describe("the busy-instance rule of a group's lowering", () => {
  it.each([
    {
      name: "busy instances protected, idle ones unprotected, the group lowered to its plan",
      capacity: capacity(3, [member("i-1"), member("i-2", { protectedFromScaleIn: true }), member("i-3")]),
      planned: 1,
      hosted: hosts({ "i-1": { running: 1 } }),
      expected: { instances: 1, protection: { protect: ["i-1"], unprotect: ["i-2"] }, note: null },
    },
    {
      name: "never below the instances hosting tasks: pending and stopping count as busy",
      capacity: capacity(4, [member("i-1"), member("i-2"), member("i-3"), member("i-4")]),
      planned: 1,
      hosted: hosts({ "i-1": { running: 1 }, "i-2": { pending: 1 }, "i-3": { stopping: 1 } }),
      expected: {
        instances: 3,
        protection: { protect: ["i-1", "i-2", "i-3"], unprotect: [] },
        note: "kept at 3 instances: 3 of its instances host tasks (planned 1)",
      },
    },
    {
      name: "only the flags that must change are changed",
      capacity: capacity(3, [member("i-1", { protectedFromScaleIn: true }), member("i-2"), member("i-3")]),
      planned: 1,
      hosted: hosts({ "i-1": { running: 2 }, "i-2": {} }),
      expected: { instances: 1, protection: null, note: null },
    },
    {
      name: "every instance busy: the group stays, nothing is protected",
      capacity: capacity(2, [member("i-1"), member("i-2")]),
      planned: 0,
      hosted: hosts({ "i-1": { running: 1 }, "i-2": { running: 1 } }),
      expected: {
        instances: 2,
        protection: null,
        note: "kept at 2 instances: 2 of its instances host tasks (planned 0)",
      },
    },
    {
      name: "instances terminating or on standby are not members a scale-in takes",
      capacity: capacity(3, [
        member("i-1", { lifecycleState: "Terminating" }),
        member("i-2", { lifecycleState: "Standby", protectedFromScaleIn: true }),
        member("i-3", { lifecycleState: "Pending", protectedFromScaleIn: true }),
      ]),
      planned: 2,
      hosted: hosts({ "i-1": { running: 1 } }),
      expected: { instances: 2, protection: { protect: [], unprotect: ["i-3"] }, note: null },
    },
    {
      name: "the container-instance read failed: not lowered, and the note says why",
      capacity: capacity(3, [member("i-1")]),
      planned: 1,
      hosted: { ok: false, error: "AccessDeniedException: not authorized" } as HostedAnswer,
      expected: {
        instances: 3,
        protection: null,
        note: "not lowered to 1: which of its instances host tasks is unknown (AccessDeniedException: not authorized)",
      },
    },
    {
      name: "raising is never held back, also when the read failed",
      capacity: capacity(1, [member("i-1")]),
      planned: 3,
      hosted: { ok: false, error: "Throttling" } as HostedAnswer,
      expected: { instances: 3, protection: null, note: null },
    },
    {
      name: "a group whose members were not read lowers as planned",
      capacity: capacity(3, undefined),
      planned: 1,
      hosted: hosts({}),
      expected: { instances: 1, protection: null, note: null },
    },
  ])("$name", ({ capacity, planned, hosted, expected }) => {
    expect(planScaleIn({ capacity, planned, hosted })).toEqual(expected);
  });

  it("never sets fewer instances than the busy members nor more than the current desired, and protects every busy member it lowers past", () => {
    const arb = fc.array(fc.record({ busy: fc.boolean(), protectedFromScaleIn: fc.boolean() }), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(arb, fc.nat(12), fc.nat(12), (members, desired, planned) => {
        const instances = members.map((m, i) =>
          member(`i-${i}`, { protectedFromScaleIn: m.protectedFromScaleIn }),
        );
        const busy = members.flatMap((m, i) => (m.busy ? [`i-${i}`] : []));
        const hosted = hosts(Object.fromEntries(busy.map((id) => [id, { running: 1 }])));
        const plan = planScaleIn({ capacity: capacity(desired, instances), planned, hosted });
        if (planned >= desired) {
          expect(plan.instances).toBe(planned);
          return;
        }
        expect(plan.instances).toBeGreaterThanOrEqual(Math.min(desired, busy.length));
        expect(plan.instances).toBeLessThanOrEqual(desired);
        if (plan.instances < desired) {
          // After the changes every busy member is protected and every idle one is not.
          const after = new Map(instances.map((m) => [m.instanceId, m.protectedFromScaleIn]));
          for (const id of plan.protection?.protect ?? []) after.set(id, true);
          for (const id of plan.protection?.unprotect ?? []) after.set(id, false);
          for (const [id, isProtected] of after) expect(isProtected).toBe(busy.includes(id));
        }
      }),
    );
  });
});
