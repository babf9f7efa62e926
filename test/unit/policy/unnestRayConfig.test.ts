import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../shared/policy/parsePolicy";
import { unnestRayConfig } from "../../../shared/policy/unnestRayConfig";

const target = { cluster: "gpu", service: "llm" };

describe("unnestRayConfig (Ray Serve's autoscaling_config pasted as written)", () => {
  it("reads a nested autoscaling_config exactly as the same fields written flat", () => {
    const ray = { min_replicas: 1, max_replicas: 8, target_ongoing_requests: 4, upscale_delay_s: 20 };
    const nested = parsePolicy({ autoscaling_config: ray, target });
    const flat = parsePolicy({ ...ray, target });
    expect(nested.ok && flat.ok).toBe(true);
    if (nested.ok && flat.ok) expect(nested.policy).toEqual(flat.policy);
  });

  it("leaves a policy without autoscaling_config untouched, and reads Ray's null as no object", () => {
    const raw = { max_replicas: 3 };
    expect(unnestRayConfig(raw).flat).toBe(raw);
    expect(unnestRayConfig({ autoscaling_config: null, max_replicas: 3 }).flat).toEqual({ max_replicas: 3 });
  });

  it.each([
    {
      name: "a typo inside it, at its written path, once (no made-up bound conflict)",
      raw: { autoscaling_config: { min_replicas: 2, max_replica: 1 }, target },
      problems: [
        {
          path: "$.autoscaling_config.max_replica",
          message: 'unknown field "max_replica"; did you mean "max_replicas"?',
        },
      ],
    },
    {
      name: "a bad value inside it, at its written path",
      raw: { autoscaling_config: { max_replicas: -1 } },
      paths: ["$.autoscaling_config.max_replicas"],
    },
    {
      name: "a cross-field conflict of nested fields, at the nested path",
      raw: { autoscaling_config: { min_replicas: 5, max_replicas: 2 } },
      paths: ["$.autoscaling_config.min_replicas"],
    },
    {
      name: "a field written both inside and beside it",
      raw: { max_replicas: 3, autoscaling_config: { max_replicas: 4 } },
      paths: ["$.autoscaling_config.max_replicas"],
    },
    {
      name: "a driftless section inside Ray's object",
      raw: { autoscaling_config: { max_replicas: 4, target } },
      paths: ["$.autoscaling_config.target"],
    },
    {
      name: "an autoscaling_config that is not an object",
      raw: { autoscaling_config: 5 },
      paths: ["$.autoscaling_config"],
    },
  ])("reports $name", ({ raw, problems, paths }) => {
    const result = parsePolicy(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    if (problems) expect(result.problems).toEqual(problems);
    if (paths) expect(result.problems.map((p) => p.path)).toEqual(paths);
  });

  it.each([
    {
      where: "nested",
      raw: { autoscaling_config: { target_num_ongoing_requests_per_replica: 5 } },
      path: "$.autoscaling_config.target_num_ongoing_requests_per_replica",
    },
    {
      where: "flat",
      raw: { target_num_ongoing_requests_per_replica: 5 },
      path: "$.target_num_ongoing_requests_per_replica",
    },
  ])(
    "accepts the removed target_num_ongoing_requests_per_replica ($where) with a warning that Ray ignores it",
    ({ raw, path }) => {
      const result = parsePolicy(raw);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.policy.ray.targetOngoingRequests).toBe(5);
      expect(result.warnings).toEqual([{ path, message: expect.stringMatching(/Ray Serve ignores/) }]);
    },
  );

  it("gives no warning for Ray's null in the removed field", () => {
    expect(
      parsePolicy({ autoscaling_config: { target_num_ongoing_requests_per_replica: null } }).warnings,
    ).toEqual([]);
  });
});

describe("policyConsistencyProblems: one mistake, one message", () => {
  it.each([
    {
      name: "a typo'd max_replicas does not also conflict with min_replicas",
      raw: { min_replicas: 2, max_replica: 1 },
      paths: ["$.max_replica"],
    },
    {
      name: "a bad max_replicas value does not also conflict with min_replicas",
      raw: { min_replicas: 2, max_replicas: "x" },
      paths: ["$.max_replicas"],
    },
    {
      name: "a typo'd window max does not also conflict with the window min",
      raw: {
        max_replicas: 4,
        schedules: [
          { name: "w", start: "0 9 * * *", duration_s: 60, overrides: { min_replicas: 6, max_replica: 8 } },
        ],
      },
      paths: ["$.schedules[0].overrides.max_replica"],
    },
    {
      name: "an unrelated typo does not hide a real bound conflict",
      raw: { min_replicas: 9, upscale_delay: 1 },
      paths: ["$.upscale_delay", "$.min_replicas"],
    },
  ])("$name", ({ raw, paths }) => {
    const result = parsePolicy(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(paths);
  });
});

describe("unnestRayConfig properties", () => {
  const rayField = fc.constantFrom(
    "min_replicas",
    "max_replicas",
    "initial_replicas",
    "target_ongoing_requests",
    "upscale_delay_s",
    "downscale_delay_s",
    "upscaling_factor",
    "max_replica",
    "upscale_delay",
  );
  const value = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constant(null), fc.constant("x"));
  const rayConfig = fc.dictionary(rayField, value, { maxKeys: 6 });

  it("nested or flat, a Ray config gets the same verdict, and each nested problem is the flat one under autoscaling_config", () => {
    fc.assert(
      fc.property(rayConfig, (ray) => {
        const flat = parsePolicy(ray);
        const nested = parsePolicy({ autoscaling_config: ray });
        expect(nested.ok).toBe(flat.ok);
        if (flat.ok && nested.ok) expect(nested.policy).toEqual(flat.policy);
        if (!flat.ok && !nested.ok) {
          expect(nested.problems).toEqual(
            flat.problems.map((p) => ({ ...p, path: p.path.replace(/^\$/, "$.autoscaling_config") })),
          );
        }
      }),
    );
  });
});
