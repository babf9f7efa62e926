import { describe, expect, it } from "vitest";
import type { GroupClaim } from "../../../../shared/engine/ownership/groupClaims";
import { groupSettings } from "../../../../shared/engine/ownership/groupSettings";
import { CapacitySchema } from "../../../../shared/policy/PolicySchema";

const claim = (targetId: string, capacity: Record<string, unknown>): GroupClaim => ({
  targetId,
  cluster: "gpu",
  service: `llm-${targetId}`,
  capacity: {
    ...CapacitySchema.parse({ auto_scaling_group: "gpu-asg", ...capacity }),
    auto_scaling_group: "gpu-asg",
  },
  parsed: true,
});
const off = {
  providers: [{ provider: "gpu-cp", group: "gpu-asg", managedScaling: false }],
  providersError: null,
};
const on = {
  providers: [{ provider: "gpu-cp", group: "gpu-asg", managedScaling: true }],
  providersError: null,
};

describe("the targets on one Auto Scaling group", () => {
  it.each([
    {
      name: "targets in mode direct are its members, and share it",
      claims: [claim("a", { mode: "direct" }), claim("b", { mode: "direct" })],
      facts: off,
      members: ["a", "b"],
      conflicts: {},
    },
    {
      name: "auto targets on a provider without managed scaling are members beside direct ones",
      claims: [claim("a", { mode: "direct" }), claim("b", {})],
      facts: off,
      members: ["a", "b"],
      conflicts: {},
    },
    {
      name: "auto targets on a provider with managed scaling leave it to ECS: no members, no conflict",
      claims: [claim("a", {}), claim("b", { mode: "managed" })],
      facts: on,
      members: undefined,
      conflicts: {},
    },
    {
      name: "a managed target beside a direct one holds the group for both, naming both",
      claims: [claim("a", { mode: "direct" }), claim("b", { mode: "managed" })],
      facts: off,
      members: ["a"],
      conflicts: {
        a: "Auto Scaling group gpu-asg is set directly for target a (capacity direct) but left to ECS by target b (capacity managed): one controller per group (give every target on it one capacity mode)",
        b: "Auto Scaling group gpu-asg is set directly for target a (capacity direct) but left to ECS by target b (capacity managed): one controller per group (give every target on it one capacity mode)",
      },
    },
    {
      name: "members that disagree on GPUs per instance hold the group, naming each value",
      claims: [
        claim("a", { mode: "direct", gpus_per_instance: 4 }),
        claim("b", { mode: "direct", gpus_per_instance: 8 }),
      ],
      facts: off,
      members: ["a", "b"],
      conflicts: {
        a: "targets on Auto Scaling group gpu-asg disagree on gpus_per_instance: a (4), b (8); one group has one instance type (give them one value)",
        b: "targets on Auto Scaling group gpu-asg disagree on gpus_per_instance: a (4), b (8); one group has one instance type (give them one value)",
      },
    },
  ])("$name", ({ claims, facts, members, conflicts }) => {
    const settings = groupSettings(new Map([["gpu-asg", claims]]), facts);
    expect(settings.groupMembers.get("gpu-asg")).toEqual(members);
    expect(Object.fromEntries(settings.groupConflicts)).toEqual(conflicts);
  });
});
