import type { InstancePool } from "../model/InstancePool";
import type { SimLoop } from "../SimLoop";
import type { CapacityProvisioner } from "./CapacityProvisioner";
import { attachWarmPool, keepWarmPoolSize } from "./WarmPool";

/**
 * An Auto Scaling group whose desired capacity the autoscaler sets itself (driftless capacity mode
 * `direct`): instances launch as soon as the desired capacity rises; when it falls, instances without
 * tasks are terminated (booting ones first) and the rest as their tasks leave. With a warm pool
 * (`warmPool.maxInstances`: the group's maximum) scale-out restarts stopped instances from the pool
 * and scale-in returns them to it (see WarmPool).
 */
export class DirectCapacity implements CapacityProvisioner {
  readonly name: string;
  private desired = 0;
  private pool: InstancePool | null = null;

  constructor(private readonly warmPool: { readonly maxInstances: number } | null = null) {
    this.name = warmPool
      ? "Auto Scaling group set directly, with a warm pool"
      : "Auto Scaling group set directly";
  }

  prewarmInstances(replicaGpus: number, gpusPerInstance: number): number {
    this.desired = Math.ceil(replicaGpus / gpusPerInstance);
    return this.desired;
  }

  attach(_loop: SimLoop, pool: InstancePool): void {
    this.pool = pool;
    if (this.warmPool) attachWarmPool(pool, this.warmPool.maxInstances, this.desired);
    pool.onChange = () => this.converge();
  }

  /** Whether the group has a warm pool (DescribeWarmPool answers with one). */
  get hasWarmPool(): boolean {
    return this.warmPool !== null;
  }

  /** The group's desired capacity. */
  get desiredCapacity(): number {
    return this.desired;
  }

  /** SetDesiredCapacity. */
  setDesiredCapacity(desired: number): void {
    this.desired = desired;
    this.converge();
  }

  private converge(): void {
    const pool = this.pool;
    if (!pool) return;
    const live = pool.live;
    if (live < this.desired) pool.launch(this.desired - live);
    else if (live > this.desired) pool.terminateIdle(live - this.desired, { includeBooting: true });
    if (this.warmPool) keepWarmPoolSize(pool, this.warmPool.maxInstances, this.desired);
  }
}
