import type { StageSpec, Trace } from "../traces/Trace";
import { SIM_CLUSTER, SIM_GROUP, SIM_METRICS, simServiceName } from "./simMetricNames";

type Body = Record<string, unknown>;

const asObject = (v: unknown): Body =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Body) : {};

/**
 * A policy item pointed at a simulated service: `target` names the simulated ECS service (keeping
 * `cold_start_s` and the `capacity` section as given), `load` reads its ongoing requests (the service's
 * total, `per: "total"`, the policy default; or with `perReplica` the average per serving replica,
 * which the engine multiplies by the running count) plus the router's queue as backlog, `slo.metric` (when there is an SLO) its time to first token or,
 * for a pipeline, its stage latency (p95), and `group.stage` is the stage's position. Every other field
 * is used as given.
 */
export function simPolicyBody(policy: Body, trace: Trace, stage: number, perReplica = false): Body {
  const spec: StageSpec = trace.stages[stage]!;
  const service = simServiceName(trace.name, spec.name);
  const dimensions = { Service: service };
  const body: Body = structuredClone(policy);
  const target = asObject(policy.target);
  const capacity = policy.target === undefined ? undefined : asObject(target.capacity);
  body.target = {
    ...target,
    cluster: SIM_CLUSTER,
    service,
    ...(capacity && Object.keys(capacity).length > 0
      ? {
          capacity: {
            ...capacity,
            gpus_per_task: spec.gpusPerReplica,
            gpus_per_instance: trace.instance.gpus,
            // The simulated group: for mode direct, and for auto (the default) when the policy names a group.
            ...(capacity.mode === "direct" ||
            (capacity.mode !== "managed" && capacity.auto_scaling_group !== undefined)
              ? { auto_scaling_group: SIM_GROUP }
              : {}),
          },
        }
      : {}),
  };
  const load = asObject(policy.load);
  body.load = {
    metrics: [
      {
        namespace: SIM_METRICS.namespace,
        name: perReplica ? SIM_METRICS.ongoingPerReplica : SIM_METRICS.ongoing,
        dimensions,
        per: perReplica ? "replica" : "total",
        period_s: 10,
      },
    ],
    backlog: { namespace: SIM_METRICS.namespace, name: SIM_METRICS.queued, dimensions, period_s: 10 },
    ...(load.stale_after_s === undefined ? {} : { stale_after_s: load.stale_after_s }),
  };
  if (policy.slo !== undefined) {
    body.slo = {
      ...asObject(policy.slo),
      metric: {
        namespace: SIM_METRICS.namespace,
        name: trace.slo.metric === "ttft" ? SIM_METRICS.ttft : SIM_METRICS.latency,
        dimensions,
        statistic: "p95",
        period_s: 10,
      },
    };
  }
  if (policy.group !== undefined) body.group = { ...asObject(policy.group), stage };
  return body;
}
