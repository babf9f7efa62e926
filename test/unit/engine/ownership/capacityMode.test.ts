import { describe, expect, it } from "vitest";
import { effectiveCapacity } from "../../../../shared/engine/ownership/capacityMode";
import type { ProviderScaling } from "../../../../shared/engine/ports/OtherControllers";
import { CapacitySchema } from "../../../../shared/policy/PolicySchema";

const provider = (managedScaling: boolean): ProviderScaling => ({
  provider: "gpu-cp",
  group: "gpu-asg",
  managedScaling,
});

describe("the capacity mode a target runs in", () => {
  it("is auto by default", () => {
    expect(CapacitySchema.parse({}).mode).toBe("auto");
  });

  it.each([
    {
      name: "managed as stated",
      capacity: { mode: "managed", auto_scaling_group: "gpu-asg" },
      providers: [provider(false)],
      error: null,
      mode: "managed",
      why: null,
    },
    {
      name: "direct as stated",
      capacity: { mode: "direct", auto_scaling_group: "gpu-asg" },
      providers: [provider(true)],
      error: null,
      mode: "direct",
      why: null,
    },
    {
      name: "auto without a group: managed",
      capacity: {},
      providers: [],
      error: null,
      mode: "managed",
      why: "capacity auto → managed: no auto_scaling_group named",
    },
    {
      name: "auto on a provider with managed scaling ENABLED: managed",
      capacity: { auto_scaling_group: "gpu-asg" },
      providers: [provider(true)],
      error: null,
      mode: "managed",
      why: "capacity auto → managed: provider gpu-cp has managed scaling ENABLED",
    },
    {
      name: "auto on a provider with managed scaling off: direct",
      capacity: { auto_scaling_group: "gpu-asg" },
      providers: [provider(false)],
      error: null,
      mode: "direct",
      why: "capacity auto → direct: provider gpu-cp has managed scaling off",
    },
    {
      name: "auto, the provider named by ARN",
      capacity: {
        auto_scaling_group: "other",
        capacity_provider: "arn:aws:ecs:us-east-1:1:capacity-provider/gpu-cp",
      },
      providers: [provider(true)],
      error: null,
      mode: "managed",
      why: "capacity auto → managed: provider gpu-cp has managed scaling ENABLED",
    },
    {
      name: "auto with no provider over the group: direct",
      capacity: { auto_scaling_group: "gpu-asg" },
      providers: [],
      error: null,
      mode: "direct",
      why: "capacity auto → direct: no capacity provider with managed scaling over group gpu-asg",
    },
    {
      name: "auto whose providers could not be read: unknown (the group is held)",
      capacity: { auto_scaling_group: "gpu-asg" },
      providers: [],
      error: "AccessDenied",
      mode: "unknown",
      why: "capacity auto: could not check whether a capacity provider scales group gpu-asg (AccessDenied): instances not set until it can be checked",
    },
  ])("$name", ({ capacity, providers, error, mode, why }) => {
    expect(
      effectiveCapacity({ capacity: CapacitySchema.parse(capacity), providers, providersError: error }),
    ).toEqual({ mode, why });
  });
});
