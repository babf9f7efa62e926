import type { InstancePool } from "../model/InstancePool";
import type { SimLoop } from "../SimLoop";

/** The instance layer under an autoscaler: who launches and terminates GPU instances, and when. */
export interface CapacityProvisioner {
  readonly name: string;
  /** Instances already running at t = 0 for `replicaGpus` GPUs of initial replicas. */
  prewarmInstances(replicaGpus: number, gpusPerInstance: number): number;
  /** Starts watching the pool (periodic checks, reactions to demand). */
  attach(loop: SimLoop, pool: InstancePool): void;
}
