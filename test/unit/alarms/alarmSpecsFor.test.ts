import { describe, expect, it } from "vitest";
import { alarmSpecsFor } from "../../../shared/alarms/alarmSpecsFor";
import { parsePolicy } from "../../../shared/policy/parsePolicy";

const metric = (extra: Record<string, unknown> = {}) => ({
  namespace: "Driftless/Test",
  name: "Ongoing",
  dimensions: { Service: "llm" },
  ...extra,
});

function specsOf(body: Record<string, unknown>) {
  const parsed = parsePolicy({
    min_replicas: 1,
    max_replicas: 8,
    target_ongoing_requests: 4,
    target: { cluster: "gpu", service: "llm" },
    ...body,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return alarmSpecsFor(parsed.policy);
}

const thresholds = (body: Record<string, unknown>) =>
  Object.fromEntries(specsOf(body).map((s) => [s.suffix, [s.comparison, s.threshold, s.periodS]]));

describe("alarmSpecsFor", () => {
  it.each([
    {
      name: "a per-replica metric: above target_ongoing_requests, below half of it",
      body: { load: { metrics: [metric({ per: "replica", period_s: 60 })] } },
      want: { "scale-up": ["GreaterThanThreshold", 4, 60], "scale-down": ["LessThanThreshold", 2, 60] },
    },
    {
      name: "a total metric: target x min_replicas",
      body: { min_replicas: 3, load: { metrics: [metric({ per: "total", period_s: 60 })] } },
      want: { "scale-up": ["GreaterThanThreshold", 12, 60], "scale-down": ["LessThanThreshold", 6, 60] },
    },
    {
      name: "a total metric with min_replicas 0: target x 1",
      body: { min_replicas: 0, load: { metrics: [metric({ per: "total", period_s: 60 })] } },
      want: { "scale-up": ["GreaterThanThreshold", 4, 60], "scale-down": ["LessThanThreshold", 2, 60] },
    },
    {
      name: "a 10 s metric gets a high-resolution alarm",
      body: { load: { metrics: [metric({ per: "replica", period_s: 10 })] } },
      want: { "scale-up": ["GreaterThanThreshold", 4, 10], "scale-down": ["LessThanThreshold", 2, 10] },
    },
    {
      name: "an SLO adds an alarm above its target latency",
      body: {
        load: { metrics: [metric({ per: "replica", period_s: 30 })] },
        slo: { metric: metric({ name: "Latency", statistic: "p95", period_s: 10 }), target_ms: 800 },
      },
      want: {
        "scale-up": ["GreaterThanThreshold", 4, 30],
        "scale-down": ["LessThanThreshold", 2, 30],
        slo: ["GreaterThanThreshold", 800, 10],
      },
    },
  ])("$name", ({ body, want }) => {
    expect(thresholds(body)).toEqual(want);
  });

  it("alarms on the first load metric with its namespace, name, dimensions and statistic", () => {
    const [up] = specsOf({
      load: { metrics: [metric({ statistic: "Maximum" }), metric({ name: "Other" })] },
    });
    expect(up).toMatchObject({
      namespace: "Driftless/Test",
      metricName: "Ongoing",
      dimensions: { Service: "llm" },
      statistic: "Maximum",
    });
  });

  it("makes no alarm for a policy without load or SLO", () => {
    const parsed = parsePolicy({ min_replicas: 1, max_replicas: 2 });
    expect(parsed.ok && alarmSpecsFor(parsed.policy)).toEqual([]);
  });
});
