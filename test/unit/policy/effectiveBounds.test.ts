import { describe, expect, it } from "vitest";
import type { DecisionInput } from "../../../shared/policy/decide";
import { type EffectiveBounds, effectiveBounds } from "../../../shared/policy/effectiveBounds";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { scheduleOverlay } from "../../../shared/policy/scheduleOverlay";
import { policyOf } from "./policyContext";

const always = (name: string, overrides: Record<string, number>) => ({
  name,
  start: "0 * * * *",
  duration_s: 3600,
  overrides,
});
const GPU = {
  cluster: "c",
  service: "s",
  capacity: { capacity_provider: "cp", gpus_per_task: 2, gpus_per_instance: 4 },
};

describe("effectiveBounds", () => {
  it.each<{
    name: string;
    policy: PolicyInput;
    ceilings?: DecisionInput["ceilings"];
    expected: EffectiveBounds;
  }>([
    {
      name: "is the policy's min and max, named as fields",
      policy: { min_replicas: 1, max_replicas: 8 },
      expected: { min: 1, max: 8, minWhy: "min_replicas 1", maxWhy: "max_replicas 8", capNote: "" },
    },
    {
      name: "names the schedule window that set a bound",
      policy: { min_replicas: 1, max_replicas: 8, schedules: [always("peak", { min_replicas: 4 })] },
      expected: {
        min: 4,
        max: 8,
        minWhy: 'min_replicas 4 of schedule window "peak"',
        maxWhy: "max_replicas 8",
        capNote: "",
      },
    },
    {
      name: "lowers max by the lowest cap, GPUs counted per task",
      policy: { min_replicas: 1, max_replicas: 8, target: GPU, limits: { max_gpus: 10 } },
      ceilings: { maxReplicas: 6 },
      expected: {
        min: 1,
        max: 5,
        minWhy: "min_replicas 1",
        maxWhy: "max 5 from limits.max_gpus",
        capNote: ", max lowered by limits.max_gpus",
      },
    },
    {
      name: "lowers max by the cost limit",
      policy: { max_replicas: 8, limits: { max_cost_per_hour: 10, gpu_hour_cost: 2.5 } },
      expected: {
        min: 1,
        max: 4,
        minWhy: "min_replicas 1",
        maxWhy: "max 4 from limits.max_cost_per_hour",
        capNote: ", max lowered by limits.max_cost_per_hour",
      },
    },
    {
      name: "never lets a minimum exceed a ceiling, and says so",
      policy: { min_replicas: 5, max_replicas: 8 },
      ceilings: { maxGpus: 3 },
      expected: {
        min: 3,
        max: 3,
        minWhy: "min_replicas 5 capped at max 3 from deploy-time GPU ceiling",
        maxWhy: "max 3 from deploy-time GPU ceiling",
        capNote: ", max lowered by deploy-time GPU ceiling",
      },
    },
  ])("$name", ({ policy, ceilings, expected }) => {
    const resolved = policyOf(policy);
    const overlay = scheduleOverlay(resolved, 1000);
    const input = ceilings ? { ceilings } : {};
    expect(effectiveBounds({ policy: resolved, ray: overlay.ray, overlay, input })).toEqual(expected);
  });
});
