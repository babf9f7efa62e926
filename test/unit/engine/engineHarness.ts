import type { EngineDeps } from "../../../shared/engine/EngineDeps";
import { createEngineMemory } from "../../../shared/engine/EngineMemory";
import type { EvaluationObserver } from "../../../shared/engine/ports/EvaluationObserver";
import { InMemoryCapacityScaler } from "../../../shared/inMemory/InMemoryCapacityScaler";
import { InMemoryDecisionLog } from "../../../shared/inMemory/InMemoryDecisionLog";
import { InMemoryMetricsSource } from "../../../shared/inMemory/InMemoryMetricsSource";
import { InMemoryPolicyStore } from "../../../shared/inMemory/InMemoryPolicyStore";
import { InMemoryServiceScaler } from "../../../shared/inMemory/InMemoryServiceScaler";
import { InMemoryStateStore } from "../../../shared/inMemory/InMemoryStateStore";
import { ManualClock } from "../../../shared/inMemory/ManualClock";

export const NS = "Driftless/Inference";

/** A policy for target `id` on service `llm-<id>` with a per-replica ongoing-requests metric. */
export function llmPolicy(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 8,
    target_ongoing_requests: 10,
    upscale_delay_s: 30,
    downscale_delay_s: 300,
    look_back_period_s: 30,
    target: { cluster: "gpu", service: `llm-${id}` },
    load: {
      metrics: [
        { namespace: NS, name: "OngoingRequests", dimensions: { Service: `llm-${id}` }, per: "replica" },
      ],
    },
    ...extra,
  };
}

/** In-memory ports wired into engine deps, with a recording observer. */
export function engineHarness(start = 1_790_000_000) {
  const clock = new ManualClock(start);
  const policies = new InMemoryPolicyStore();
  const states = new InMemoryStateStore({ recordWrites: true });
  const metrics = new InMemoryMetricsSource();
  const services = new InMemoryServiceScaler();
  const capacity = new InMemoryCapacityScaler();
  const log = new InMemoryDecisionLog();
  const seen = { conflicts: [] as string[], errors: [] as unknown[], invalid: [] as string[] };
  const observer: EvaluationObserver = {
    decision: () => {},
    conflict: (id, stage) => seen.conflicts.push(`${id}:${stage}`),
    invalidPolicy: (id) => seen.invalid.push(id),
    targetError: (_id, e) => seen.errors.push(e),
  };
  const deps: EngineDeps = {
    policies,
    states,
    metrics,
    services,
    capacity,
    log,
    clock,
    observer,
    memory: createEngineMemory(),
    ceilings: {},
  };
  /** Publishes a per-replica ongoing-requests datapoint every 10 s from `from` to now. */
  const publish = (id: string, perReplica: number, from: number, to = clock.now()) => {
    for (let t = from; t <= to; t += 10)
      metrics.put(NS, "OngoingRequests", { Service: `llm-${id}` }, { t, v: perReplica });
  };
  return { clock, policies, states, metrics, services, capacity, log, seen, deps, publish };
}
