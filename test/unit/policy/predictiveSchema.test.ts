import { describe, expect, it } from "vitest";
import { parsePolicy, validatePolicy } from "../../../shared/policy/parsePolicy";

const problemsOf = (raw: unknown) => {
  const result = parsePolicy(raw);
  if (result.ok) throw new Error("expected the policy to be refused");
  return result.problems;
};

const gpuTarget = {
  cluster: "c",
  service: "s",
  cold_start_s: 60,
  capacity: { auto_scaling_group: "g", instance_boot_s: 200 },
};

describe("predictive section", () => {
  it("defaults to mode off with 14 days of history in UTC when the policy leaves it out", () => {
    const policy = validatePolicy({});
    expect(policy.spec.predictive).toEqual({ mode: "off", history_days: 14, timezone: "UTC" });
    expect(policy.predictive).toEqual({
      mode: "off",
      historyDays: 14,
      leadTimeS: 90,
      warmLeadTimeS: 90,
      timezone: "UTC",
    });
    expect(policy.rayOnly).toBe(true);
  });

  it.each([
    ["forecast_only", { cluster: "c", service: "s" }, 90, 90],
    ["forecast_and_scale", { cluster: "c", service: "s", cold_start_s: 45 }, 45, 45],
    ["forecast_and_scale", gpuTarget, 260, 150],
    ["forecast_and_scale", { ...gpuTarget, capacity: { instance_restart_s: 30 } }, 360, 90],
  ] as const)(
    "is valid with just mode %s; the lead defaults to cold start plus instance boot, or restart from a warm pool (%#)",
    (mode, target, lead, warmLead) => {
      const policy = validatePolicy({ max_replicas: 4, target, predictive: { mode } });
      expect(policy.predictive).toEqual({
        mode,
        historyDays: 14,
        leadTimeS: lead,
        warmLeadTimeS: warmLead,
        timezone: "UTC",
      });
    },
  );

  it("keeps an explicit lead_time_s, history_days and timezone", () => {
    const policy = validatePolicy({
      target: gpuTarget,
      predictive: {
        mode: "forecast_only",
        lead_time_s: 600,
        history_days: 28,
        timezone: "America/New_York",
      },
    });
    expect(policy.predictive).toEqual({
      mode: "forecast_only",
      historyDays: 28,
      leadTimeS: 600,
      warmLeadTimeS: 600,
      timezone: "America/New_York",
    });
  });

  it("makes a policy no longer Ray-only only when the forecast acts", () => {
    expect(validatePolicy({ predictive: { mode: "forecast_only" } }).rayOnly).toBe(true);
    expect(validatePolicy({ predictive: { mode: "forecast_and_scale" } }).rayOnly).toBe(false);
  });

  it.each([
    [{ mode: "ForecastAndScale" }, "$.predictive.mode"],
    [{ mode: "off", history_days: 0 }, "$.predictive.history_days"],
    [{ mode: "off", history_days: 64 }, "$.predictive.history_days"],
    [{ mode: "off", history_days: 2.5 }, "$.predictive.history_days"],
    [{ mode: "off", lead_time_s: -1 }, "$.predictive.lead_time_s"],
    [{ mode: "off", lead_time_s: 86_401 }, "$.predictive.lead_time_s"],
    [{ mode: "off", timezone: "New York" }, "$.predictive.timezone"],
  ])("refuses %j at %s", (predictive, path) => {
    expect(problemsOf({ predictive }).map((p) => p.path)).toContain(path);
  });

  it("refuses an unknown field, naming the closest known one", () => {
    const problems = problemsOf({ predictive: { mode: "forecast_only", lead_time: 300 } });
    expect(problems).toEqual([
      expect.objectContaining({
        path: "$.predictive.lead_time",
        message: expect.stringContaining('did you mean "lead_time_s"'),
      }),
    ]);
  });

  it("reports every bad field of the section at once", () => {
    const paths = problemsOf({ predictive: { mode: "on", history_days: -3, timezone: "Mars/Base" } }).map(
      (p) => p.path,
    );
    expect(paths).toEqual(
      expect.arrayContaining(["$.predictive.mode", "$.predictive.history_days", "$.predictive.timezone"]),
    );
  });
});
