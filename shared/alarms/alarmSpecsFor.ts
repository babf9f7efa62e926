import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { AlarmSpec } from "./AlarmSpec";

// High-resolution alarms evaluate every 10 or 30 s; longer periods must be whole minutes.
const alarmPeriod = (periodS: number) =>
  periodS <= 10 ? 10 : periodS <= 30 ? 30 : Math.ceil(periodS / 60) * 60;

/**
 * The CloudWatch alarms that wake a target's evaluation between ticks, on its first load metric:
 * `scale-up` when the load is above target (per replica: target_ongoing_requests; a total metric:
 * target x max(1, min_replicas)), `scale-down` when below half of that, and `slo` when the SLO
 * latency is above its target. They only trigger evaluations; the policy still decides.
 */
export function alarmSpecsFor(policy: ResolvedPolicy): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  const metric = policy.load?.metrics[0];
  if (metric) {
    const threshold =
      metric.per === "replica"
        ? policy.ray.targetOngoingRequests
        : policy.ray.targetOngoingRequests * Math.max(1, policy.ray.minReplicas);
    const base = {
      namespace: metric.namespace,
      metricName: metric.name,
      dimensions: metric.dimensions,
      statistic: metric.statistic,
      periodS: alarmPeriod(metric.period_s),
    };
    specs.push({ ...base, suffix: "scale-up", threshold, comparison: "GreaterThanThreshold" });
    specs.push({ ...base, suffix: "scale-down", threshold: threshold / 2, comparison: "LessThanThreshold" });
  }
  if (policy.slo) {
    specs.push({
      suffix: "slo",
      namespace: policy.slo.metric.namespace,
      metricName: policy.slo.metric.name,
      dimensions: policy.slo.metric.dimensions,
      statistic: policy.slo.metric.statistic,
      periodS: alarmPeriod(policy.slo.metric.period_s),
      threshold: policy.slo.target_ms,
      comparison: "GreaterThanThreshold",
    });
  }
  return specs;
}
