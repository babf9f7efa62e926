/**
 * The in-memory engine harness with its scaling ports audited (see WorldAudit), total-load policies, and a
 * `settle()` that makes running counts follow desired ones, as ECS and Auto Scaling eventually do.
 */
import type { EngineDeps } from "../../shared/engine/EngineDeps";
import { engineHarness, NS } from "../unit/engine/engineHarness";
import { auditedCapacity, auditedServices, WorldAudit } from "./worldAudit";

export const CLUSTER = "gpu";
export const GROUP = "gpu-asg";

/** A policy for target `id` on service `llm-<id>` whose load metric is a total (so the wanted count does not move with running replicas). */
export function totalLoadPolicy(
  id: string,
  options: { direct?: boolean; extra?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 8,
    target_ongoing_requests: 10,
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    look_back_period_s: 30,
    target: {
      cluster: CLUSTER,
      service: `llm-${id}`,
      ...(options.direct
        ? {
            capacity: {
              auto_scaling_group: `${GROUP}-${id}`,
              mode: "direct",
              gpus_per_task: 1,
              gpus_per_instance: 1,
              // Convergence is judged evaluation by evaluation: lowered at once, not after the idle wait.
              instance_idle_s: 0,
            },
          }
        : {}),
    },
    load: {
      metrics: [{ namespace: NS, name: "Ongoing", dimensions: { Service: `llm-${id}` }, per: "total" }],
    },
    ...options.extra,
  };
}

export type MemoryWorld = ReturnType<typeof memoryWorld>;

/** The in-memory world; evaluation ids are deterministic (`e1`, `e2`, ...). */
export function memoryWorld(start = 1_790_000_000) {
  const h = engineHarness(start);
  const audit = new WorldAudit(h.clock);
  let ids = 0;
  const deps: EngineDeps = {
    ...h.deps,
    services: auditedServices(
      h.services,
      audit,
      async (c, s) => h.services.services.get(`${c}/${s}`)?.desired,
    ),
    capacity: auditedCapacity(h.capacity, audit, async (g) => h.capacity.groups.get(g)?.desired),
    newId: () => `e${++ids}`,
  };
  /** Adds target `id` with its service at `replicas` (and, direct, its group at `replicas` instances). */
  const addTarget = (
    id: string,
    replicas: number,
    options: { direct?: boolean; extra?: Record<string, unknown> } = {},
  ) => {
    h.policies.putRaw(id, totalLoadPolicy(id, options));
    h.services.set(CLUSTER, `llm-${id}`, { desired: replicas, running: replicas, pending: 0 });
    if (options.direct)
      h.capacity.groups.set(`${GROUP}-${id}`, { min: 0, max: 50, desired: replicas, inService: replicas });
  };
  /** Total ongoing requests of target `id`, one datapoint every 10 s over [from, to]. */
  const load = (id: string, total: number, from: number, to = h.clock.now()) => {
    for (let t = from; t <= to; t += 10)
      h.metrics.put(NS, "Ongoing", { Service: `llm-${id}` }, { t, v: total });
  };
  /** Raw datapoints (any value, any time) of target `id`'s load metric. */
  const rawPoint = (id: string, t: number, v: number) =>
    h.metrics.put(NS, "Ongoing", { Service: `llm-${id}` }, { t, v });
  /** Running counts catch up with desired ones; instances with the group's desired capacity. */
  const settle = () => {
    for (const [key, c] of h.services.services)
      h.services.services.set(key, { ...c, running: c.desired, pending: 0 });
    for (const [name, g] of h.capacity.groups) h.capacity.groups.set(name, { ...g, inService: g.desired });
  };
  const desired = (id: string) => h.services.services.get(`${CLUSTER}/llm-${id}`)?.desired;
  const instances = (id: string) => h.capacity.groups.get(`${GROUP}-${id}`)?.desired;
  return { ...h, audit, deps, addTarget, load, rawPoint, settle, desired, instances };
}
