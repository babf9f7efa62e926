import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validatePolicy } from "../../shared/policy/parsePolicy";

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
const policy = read("../../infra/examplePolicy.json");
const context = read("../../cdk.json").context as Record<string, unknown>;

describe("infra/examplePolicy.json", () => {
  it("validates", () => {
    expect(() => validatePolicy(policy, "infra/examplePolicy.json")).not.toThrow();
  });

  it("is the ADR's policy: 1..4 replicas at 10 ongoing requests, 30 s up, 300 s down", () => {
    // arrange / act
    const resolved = validatePolicy(policy);
    // assert
    expect(resolved.ray).toMatchObject({
      minReplicas: 1,
      maxReplicas: 4,
      targetOngoingRequests: 10,
      upscaleDelayS: 30,
      downscaleDelayS: 300,
    });
  });

  it("keeps at least 2 replicas 09:00-16:00 America/New_York on weekdays, ready at the start", () => {
    const [window] = validatePolicy(policy).schedules;
    expect(window).toMatchObject({
      start: "0 9 * * 1-5",
      end: "0 16 * * 1-5",
      timezone: "America/New_York",
      ready_at_start: true,
      overrides: { min_replicas: 2 },
    });
  });

  it("targets the example fleet's cluster, service and capacity as cdk.json configures them", () => {
    const { target, load } = validatePolicy(policy);
    expect(target).toMatchObject({
      cluster: context["fleet:clusterName"],
      service: context["fleet:serviceName"],
      capacity: {
        auto_scaling_group: `${context["fleet:clusterName"]}-gpu`,
        capacity_provider: `${context["fleet:clusterName"]}-gpu`,
        mode: "managed",
      },
    });
    for (const metric of load?.metrics ?? []) {
      expect(metric.dimensions).toEqual({
        ClusterName: context["fleet:clusterName"],
        ServiceName: context["fleet:serviceName"],
      });
    }
  });
});
