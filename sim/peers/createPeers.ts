import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { SimEnvironment } from "../capacity/WarmPool";
import { generateWorkload } from "../traces/generateWorkload";
import type { Trace } from "../traces/Trace";
import type { Workload } from "../traces/Workload";
import type { Autoscaler } from "./Autoscaler";
import { EcsTargetTracking } from "./EcsTargetTracking";
import { FixedFleet } from "./FixedFleet";
import { KedaHpa } from "./KedaHpa";
import { Oracle } from "./Oracle";
import type { RayLoopOverhead } from "./RayLoopOverhead";
import { RayServePostFix } from "./RayServePostFix";
import { RayServePreFix } from "./RayServePreFix";

/** The peers `--peers` accepts, in report order. */
export const PEER_NAMES = [
  "ray-serve",
  "ray-serve-prefix",
  "keda-hpa",
  "ecs-target-tracking",
  "fixed",
  "oracle",
] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/**
 * The peer models for `names`, each configured from the same policies' Ray fields (bounds, target,
 * delays, factors), so every system is compared on the same settings. The oracle reads `workload`
 * (the requests of the run; seed 1's when not given). `environment.warmPool` gives every Auto
 * Scaling group (ECS target tracking's, the oracle's) a warm pool; Ray always caches stopped nodes.
 */
export function createPeers(
  names: readonly PeerName[],
  policies: readonly ResolvedPolicy[],
  trace: Trace,
  overhead?: RayLoopOverhead,
  workload?: Workload,
  environment: SimEnvironment = {},
): Autoscaler[] {
  const maxGpus = policies.reduce((n, p, k) => n + p.ray.maxReplicas * trace.stages[k]!.gpusPerReplica, 0);
  const maxInstances = Math.ceil(maxGpus / trace.instance.gpus);
  const make: Record<PeerName, () => Autoscaler> = {
    "ray-serve": () => new RayServePostFix(policies, overhead),
    "ray-serve-prefix": () => new RayServePreFix(policies, overhead),
    "keda-hpa": () => new KedaHpa(policies),
    "ecs-target-tracking": () => new EcsTargetTracking(policies, maxInstances, environment),
    fixed: () => new FixedFleet(policies),
    oracle: () => new Oracle(policies, workload ?? generateWorkload(trace, 1), environment),
  };
  return names.map((name) => make[name]());
}
