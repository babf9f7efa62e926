import type { InstancePool } from "../model/InstancePool";
import type { SimLoop } from "../SimLoop";
import type { CapacityProvisioner } from "./CapacityProvisioner";

/**
 * A node autoscaler that reacts to pending replicas directly (no metric in between): every
 * `checkS` it launches instances for the GPUs replicas wait for beyond those already booting, and
 * terminates instances idle for `idleTimeoutS`. With checkS 5 and idleTimeoutS 300 it models the
 * Ray cluster autoscaler (AUTOSCALER_UPDATE_INTERVAL_S 5, idle_timeout_minutes 5); with checkS 10 and
 * idleTimeoutS 0, Karpenter (pods batched 1-10 s; v1's consolidateAfter 0 s removes an empty node).
 */
export class NodeAutoscaler implements CapacityProvisioner {
  constructor(
    readonly name: string,
    private readonly checkS: number,
    private readonly idleTimeoutS: number,
    private readonly cacheStoppedNodes: { readonly restartS: readonly [number, number] } | null = null,
  ) {}

  prewarmInstances(replicaGpus: number, gpusPerInstance: number): number {
    return Math.ceil(replicaGpus / gpusPerInstance);
  }

  attach(loop: SimLoop, pool: InstancePool): void {
    if (this.cacheStoppedNodes) pool.reuse = { restartS: this.cacheStoppedNodes.restartS };
    const tick = () => {
      const incoming = pool.booting * pool.spec.gpus;
      const short = pool.gpusWaiting - incoming;
      if (short > 0) pool.launch(Math.ceil(short / pool.spec.gpus));
      else if (pool.gpusWaiting === 0)
        pool.terminateIdle(Number.POSITIVE_INFINITY, { idleForS: this.idleTimeoutS });
      loop.after(this.checkS, tick);
    };
    loop.after(this.checkS, tick);
  }
}
