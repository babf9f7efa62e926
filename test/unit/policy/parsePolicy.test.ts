import { describe, expect, it } from "vitest";
import { PolicyValidationError } from "../../../shared/errors/PolicyValidationError";
import { parsePolicy, validatePolicy } from "../../../shared/policy/parsePolicy";

const problemsOf = (raw: unknown) => {
  const result = parsePolicy(raw);
  if (result.ok) throw new Error("expected the policy to be refused");
  return result.problems;
};

describe("parsePolicy", () => {
  it("fills Ray's defaults for an empty policy", () => {
    const result = parsePolicy({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.ray).toEqual({
      minReplicas: 1,
      maxReplicas: 1,
      targetOngoingRequests: 2,
      upscaleDelayS: 30,
      downscaleDelayS: 600,
      downscaleToZeroDelayS: undefined,
      upscalingFactor: 1,
      downscalingFactor: 1,
    });
    expect(result.policy).toMatchObject({
      initialReplicas: 1,
      lookBackPeriodS: 30,
      aggregation: "mean",
      metricsIntervalS: 10,
      rayOnly: true,
    });
  });

  it("accepts null for Ray's optional fields, as Ray writes them, meaning unset", () => {
    const policy = validatePolicy({
      max_replicas: 4,
      upscaling_factor: null,
      downscaling_factor: null,
      downscale_to_zero_delay_s: null,
      initial_replicas: null,
      smoothing_factor: 0.5,
    });
    expect(policy.ray).toMatchObject({
      upscalingFactor: 0.5,
      downscalingFactor: 0.5,
      downscaleToZeroDelayS: undefined,
    });
    expect(policy.initialReplicas).toBe(1);
  });

  it("defaults initial_replicas to min_replicas", () => {
    expect(validatePolicy({ min_replicas: 3, max_replicas: 5 }).initialReplicas).toBe(3);
  });

  it("reports every problem at once, each with its JSON path", () => {
    const problems = problemsOf({
      min_replicas: 5,
      max_replicas: 2,
      upscaling_factor: 0,
      downscale_delay_s: -1,
      look_back_period_s: "30",
      schedules: [
        { name: "x", start: "0 9 * *", duration_s: 60, timezone: "Europe/Atlantis", overrides: {} },
      ],
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "$.min_replicas",
        "$.upscaling_factor",
        "$.downscale_delay_s",
        "$.look_back_period_s",
        "$.schedules[0].start",
        "$.schedules[0].timezone",
      ]),
    );
  });

  it.each([
    { field: "upscale_dealy_s", suggestion: "upscale_delay_s" },
    { field: "min_replica", suggestion: "min_replicas" },
    { field: "downscalingfactor", suggestion: "downscaling_factor" },
    { field: "lookback_period_s", suggestion: "look_back_period_s" },
  ])("rejects the unknown field $field and suggests $suggestion", ({ field, suggestion }) => {
    const [problem] = problemsOf({ [field]: 1 });
    expect(problem?.path).toBe(`$.${field}`);
    expect(problem?.message).toContain(`did you mean "${suggestion}"`);
  });

  it("rejects unknown fields in nested sections too", () => {
    const problems = problemsOf({
      limits: { max_stepup: 2 },
      target: { cluster: "c", service: "s", capasity: {} },
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["$.limits.max_stepup", "$.target.capasity"]),
    );
    expect(problems.find((p) => p.path === "$.limits.max_stepup")?.message).toContain('"max_step_up"');
  });

  it.each([
    [{ min_replicas: 2, max_replicas: 1 }, "$.min_replicas"],
    [{ min_replicas: 1, max_replicas: 3, initial_replicas: 5 }, "$.initial_replicas"],
    [{ max_replicas: Number.NaN }, "$.max_replicas"],
    [{ max_replicas: Number.POSITIVE_INFINITY }, "$.max_replicas"],
    [{ max_replicas: 1e9 }, "$.max_replicas"],
    [{ max_replicas: 2.5 }, "$.max_replicas"],
    [{ target_ongoing_requests: 0 }, "$.target_ongoing_requests"],
    [{ smoothing_factor: -1 }, "$.smoothing_factor"],
    [{ aggregation_function: "median" }, "$.aggregation_function"],
    [
      { target: { cluster: "c", service: "s", capacity: { gpus_per_task: 4, gpus_per_instance: 2 } } },
      "$.target.capacity.gpus_per_instance",
    ],
    [
      { target: { cluster: "c", service: "s", capacity: { mode: "direct" } } },
      "$.target.capacity.auto_scaling_group",
    ],
    [
      { target: { cluster: "c", service: "s", capacity: { spare_instances: 1 } } },
      "$.target.capacity.spare_instances",
    ],
    [
      {
        target: {
          cluster: "c",
          service: "s",
          capacity: { mode: "managed", auto_scaling_group: "g", spare_instances: 1 },
        },
      },
      "$.target.capacity.spare_instances",
    ],
    [{ max_replicas: 4, limits: { max_cost_per_hour: 10 } }, "$.limits.gpu_hour_cost"],
    [{ min_replicas: 3, max_replicas: 4, limits: { max_gpus: 2 } }, "$.limits.max_gpus"],
    [{ fallback: { action: "fixed" } }, "$.fallback.replicas"],
    [{ fallback: { replicas: 2 } }, "$.fallback.replicas"],
    [{ group: { name: "g", stage: 0, upstream_ratio: 2 } }, "$.group.upstream_ratio"],
    [{ schedules: [{ name: "w", start: "0 9 * * 1-5", timezone: "UTC", overrides: {} }] }, "$.schedules[0]"],
    [
      { schedules: [{ name: "w", start: "0 9 * * 1-5", end: "0 16 * * 1-5", duration_s: 5, overrides: {} }] },
      "$.schedules[0]",
    ],
    [
      { schedules: [{ name: "w", start: "0 9 * * 1-5", duration_s: 5, lead_time_s: 60, overrides: {} }] },
      "$.schedules[0].lead_time_s",
    ],
    [
      {
        max_replicas: 2,
        schedules: [{ name: "w", start: "0 9 * * *", duration_s: 5, overrides: { min_replicas: 3 } }],
      },
      "$.schedules[0].overrides",
    ],
    [
      { schedules: [{ name: "w", start: "61 9 * * *", duration_s: 5, overrides: {} }] },
      "$.schedules[0].start",
    ],
    [
      { schedules: [{ name: "w", start: "0 0 9 * * *", duration_s: 5, overrides: {} }] },
      "$.schedules[0].start",
    ],
    [{ load: { metrics: [{ namespace: "n", name: "m", period_s: 7 }] } }, "$.load.metrics[0].period_s"],
    [
      { load: { metrics: [{ namespace: "n", name: "m", statistic: "p999x" }] } },
      "$.load.metrics[0].statistic",
    ],
    [{ load: { metrics: [] } }, "$.load.metrics"],
  ])("refuses %j at %s", (raw, path) => {
    expect(problemsOf(raw).map((p) => p.path)).toContain(path);
  });

  it("keeps spare instances where capacity auto (the default) may set the named group", () => {
    const parsed = parsePolicy({
      target: { cluster: "c", service: "s", capacity: { auto_scaling_group: "g", spare_instances: 1 } },
    });
    expect(parsed.ok && parsed.policy.target?.capacity).toMatchObject({ mode: "auto", spare_instances: 1 });
  });

  it("accepts a policy with every section in use", () => {
    const result = parsePolicy({
      min_replicas: 1,
      max_replicas: 4,
      target_ongoing_requests: 10,
      upscale_delay_s: 30,
      downscale_delay_s: 300,
      smoothing_factor: 0.5,
      target: {
        cluster: "gpu",
        service: "llm",
        capacity: {
          auto_scaling_group: "gpu-asg",
          gpus_per_task: 1,
          gpus_per_instance: 4,
          mode: "direct",
          spare_instances: 1,
        },
      },
      load: {
        metrics: [
          {
            namespace: "Driftless/Inference",
            name: "OngoingRequests",
            dimensions: { Service: "llm" },
            per: "replica",
          },
        ],
        backlog: {
          namespace: "AWS/SQS",
          name: "ApproximateNumberOfMessagesVisible",
          statistic: "Maximum",
          period_s: 60,
        },
      },
      schedules: [
        {
          name: "market-hours",
          start: "0 9 * * 1-5",
          end: "0 16 * * 1-5",
          timezone: "America/New_York",
          ready_at_start: true,
          overrides: { min_replicas: 2 },
        },
      ],
      slo: {
        metric: { namespace: "Driftless/Inference", name: "TimeToFirstToken", statistic: "p95" },
        target_ms: 800,
      },
      group: { name: "pipeline", stage: 1, upstream_ratio: 1.8, max_gpus: 16 },
      limits: { max_step_up: 2, max_up_per_minute: 4, max_gpus: 8, scale_in_pause_s: 120 },
      fallback: { failure_threshold: 3, action: "fixed", replicas: 2 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.rayOnly).toBe(false);
    // cold_start_s 90 + instance_boot_s 300
    expect(result.policy.schedules[0]?.leadS).toBe(390);
    expect(result.policy.ray.upscalingFactor).toBe(0.5);
  });

  it("validatePolicy throws a PolicyValidationError whose message lists every problem", () => {
    expect.assertions(3);
    try {
      validatePolicy({ min_replicas: 9, upscale_delay: 1 }, "policy llm-prod");
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyValidationError);
      expect((error as PolicyValidationError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/policy llm-prod is invalid \(2 problems\)/);
    }
  });

  it.each([null, 42, "policy", [1, 2]])("refuses a non-object (%j) with a problem at $", (raw) => {
    expect(problemsOf(raw)[0]?.path).toBe("$");
  });
});
