import { describe, expect, it } from "vitest";
import { claimConflicts, rivalsOf } from "../../../../shared/engine/ownership/claimConflicts";
import { NO_OWNERSHIP_FACTS } from "../../../../shared/engine/ownership/OwnershipFacts";
import { ownershipVerdict } from "../../../../shared/engine/ownership/ownershipVerdict";
import type { ServiceClaim } from "../../../../shared/engine/ownership/serviceClaim";
import { scalableResourceId, serviceKey } from "../../../../shared/engine/ownership/serviceClaim";
import type { ResolvedPolicy } from "../../../../shared/policy/ResolvedPolicy";

const ARN = "arn:aws:ecs:us-east-1:123456789012";
const claim = (targetId: string, cluster: string, service: string): ServiceClaim => ({
  targetId,
  cluster,
  service,
});

describe("claimConflicts", () => {
  it.each([
    {
      name: "targets on different services do not conflict",
      claims: [claim("a", "gpu", "x"), claim("b", "gpu", "y")],
      want: {},
    },
    {
      name: "the same service name in two clusters is two services",
      claims: [claim("a", "c1", "x"), claim("b", "c2", "x")],
      want: {},
    },
    {
      name: "two targets on one service each name the other",
      claims: [claim("a", "gpu", "x"), claim("b", "gpu", "x")],
      want: { a: ["b"], b: ["a"] },
    },
    {
      name: "a cluster named by ARN is the cluster named by name",
      claims: [claim("a", `${ARN}:cluster/gpu`, "x"), claim("b", "gpu", "x")],
      want: { a: ["b"], b: ["a"] },
    },
    {
      name: "a service named by ARN is the service named by name",
      claims: [claim("a", "gpu", `${ARN}:service/gpu/x`), claim("b", "gpu", "x")],
      want: { a: ["b"], b: ["a"] },
    },
    {
      name: "three targets on one service each name the two others, sorted",
      claims: [
        claim("c", "gpu", "x"),
        claim("a", "gpu", "x"),
        claim("b", "gpu", "x"),
        claim("d", "gpu", "y"),
      ],
      want: { a: ["b", "c"], b: ["a", "c"], c: ["a", "b"] },
    },
    {
      name: "one target claiming its service twice conflicts with nobody",
      claims: [claim("a", "gpu", "x"), claim("a", "gpu", "x")],
      want: {},
    },
  ])("$name", ({ claims, want }) => {
    expect(Object.fromEntries(claimConflicts(claims))).toEqual(want);
  });

  it("rivalsOf names the stored targets a new claim would share its service with, never itself", () => {
    const stored = [claim("a", "gpu", "x"), claim("b", "gpu", "y"), claim("c", `${ARN}:cluster/gpu`, "x")];
    expect(rivalsOf(claim("a", "gpu", "x"), stored)).toEqual(["c"]);
    expect(rivalsOf(claim("n", "gpu", "y"), stored)).toEqual(["b"]);
    expect(rivalsOf(claim("n", "gpu", "z"), stored)).toEqual([]);
  });

  it("keys a service by cluster and service name, and its scalable target as Application Auto Scaling names it", () => {
    expect(serviceKey(`${ARN}:cluster/gpu`, `${ARN}:service/gpu/llm`)).toBe("gpu/llm");
    expect(scalableResourceId(`${ARN}:cluster/gpu`, "llm")).toBe("service/gpu/llm");
  });
});

describe("ownershipVerdict", () => {
  const scaler = { resourceId: "service/gpu/x", scalingPolicies: ["p"], scheduledActions: [] };
  const facts = { ...NO_OWNERSHIP_FACTS, scalers: new Map([[scaler.resourceId, scaler]]) };
  const policy = (extra: Record<string, unknown>) =>
    ({ target: { cluster: "gpu", service: "x" }, ...extra }) as unknown as ResolvedPolicy;

  it.each([
    { name: "a live policy on a service Application Auto Scaling scales is held", extra: {}, held: true },
    { name: "a shadow policy there acts on nothing, so it is not", extra: { shadow: true }, held: false },
  ])("$name", ({ extra, held }) => {
    const verdict = ownershipVerdict(facts, {
      targetId: "t",
      cluster: "gpu",
      service: "x",
      policy: policy(extra),
    });
    expect(verdict.hold !== null).toBe(held);
    expect(verdict.groupHold).toBeNull();
  });
});
