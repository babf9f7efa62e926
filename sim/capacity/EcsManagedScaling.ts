import type { InstancePool } from "../model/InstancePool";
import type { SimLoop } from "../SimLoop";
import type { CapacityProvisioner } from "./CapacityProvisioner";

/**
 * ECS capacity-provider managed scaling (peers.md): every minute it publishes
 * CapacityProviderReservation = instances needed / instances running x 100 against targetCapacity 100;
 * one datapoint above scales out to the instances needed (tasks waiting in PROVISIONING included),
 * 15 consecutive datapoints below scale in. Managed termination protection: only instances without
 * tasks are terminated. `maxInstances` is the Auto Scaling group's maximum.
 */
export class EcsManagedScaling implements CapacityProvisioner {
  readonly name = "ECS capacity provider (managed scaling)";
  private below = 0;

  constructor(
    private readonly maxInstances: number,
    private readonly phaseS: number,
  ) {}

  prewarmInstances(replicaGpus: number, gpusPerInstance: number): number {
    return Math.ceil(replicaGpus / gpusPerInstance);
  }

  attach(loop: SimLoop, pool: InstancePool): void {
    const tick = () => {
      const needed = Math.min(this.maxInstances, Math.ceil(pool.gpuDemand / pool.spec.gpus));
      const running = pool.live;
      if (needed > running) {
        this.below = 0;
        pool.launch(needed - running);
      } else if (needed < running) {
        this.below++;
        if (this.below >= 15) {
          pool.terminateIdle(running - needed, { includeBooting: true });
          this.below = 0;
        }
      } else {
        this.below = 0;
      }
      loop.after(60, tick);
    };
    loop.at(Math.floor(loop.now() / 60) * 60 + 60 + this.phaseS, tick);
  }
}
