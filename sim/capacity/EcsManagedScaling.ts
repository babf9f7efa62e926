import type { InstancePool } from "../model/InstancePool";
import type { SimLoop } from "../SimLoop";
import type { CapacityProvisioner } from "./CapacityProvisioner";
import { attachWarmPool, keepWarmPoolSize } from "./WarmPool";

/** How long managed scaling takes from a minute's CapacityProviderReservation datapoint to the group acting. */
export const MANAGED_SCALING_REACTION_S = 60;

/**
 * ECS capacity-provider managed scaling (peers.md): every minute it publishes
 * CapacityProviderReservation = instances needed / instances running x 100 against targetCapacity 100;
 * the target-tracking policy on the group acts on one datapoint above (scale out to the instances
 * needed, tasks waiting in PROVISIONING included) and on 15 consecutive datapoints below (scale in).
 * The datapoint covers the minute that just ended and its alarm acts about a minute later
 * (`reactionS`), so a task going pending waits 1-2 minutes before a launch starts. Managed termination
 * protection: only instances without tasks are terminated. `maxInstances` is the group's maximum;
 * with `warmPool` the group launches from its warm pool (see WarmPool).
 */
export class EcsManagedScaling implements CapacityProvisioner {
  readonly name: string;
  private below = 0;
  private desired = 0;

  constructor(
    private readonly maxInstances: number,
    private readonly phaseS: number,
    private readonly options: { readonly warmPool?: boolean; readonly reactionS?: number } = {},
  ) {
    this.name = options.warmPool
      ? "ECS capacity provider (managed scaling), with a warm pool"
      : "ECS capacity provider (managed scaling)";
  }

  prewarmInstances(replicaGpus: number, gpusPerInstance: number): number {
    this.desired = Math.ceil(replicaGpus / gpusPerInstance);
    return this.desired;
  }

  attach(loop: SimLoop, pool: InstancePool): void {
    const reactionS = this.options.reactionS ?? MANAGED_SCALING_REACTION_S;
    if (this.options.warmPool) attachWarmPool(pool, this.maxInstances, this.desired);
    const setDesired = (desired: number) => {
      this.desired = desired;
      const live = pool.live;
      if (desired > live) pool.launch(desired - live);
      else if (desired < live) pool.terminateIdle(live - desired, { includeBooting: true });
      if (this.options.warmPool) keepWarmPoolSize(pool, this.maxInstances, this.desired);
    };
    const tick = () => {
      const needed = Math.min(this.maxInstances, Math.ceil(pool.gpuDemand / pool.spec.gpus));
      const running = pool.live;
      if (needed > running) {
        this.below = 0;
        loop.after(reactionS, () => {
          if (needed > pool.live) setDesired(needed);
        });
      } else if (needed < running) {
        this.below++;
        if (this.below >= 15) {
          this.below = 0;
          loop.after(reactionS, () =>
            setDesired(Math.max(needed, Math.ceil(pool.gpuDemand / pool.spec.gpus))),
          );
        }
      } else {
        this.below = 0;
      }
      loop.after(60, tick);
    };
    loop.at(Math.floor(loop.now() / 60) * 60 + 60 + this.phaseS, tick);
  }
}
