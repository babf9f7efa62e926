import type { InstancePool } from "../model/InstancePool";
import { STOPPED_INSTANCE_RESTART_S } from "./stoppedInstanceRestart";

/**
 * An EC2 Auto Scaling warm pool as the simulator models it (AWS defaults: pool state Stopped,
 * MaxGroupPreparedCapacity unset so the pool holds the group's maximum minus its desired capacity,
 * ReuseOnScaleIn true): scale-out restarts a stopped instance (STOPPED_INSTANCE_RESTART_S) instead of
 * booting a new one, scale-in stops instances back into the pool, and stopped instances cost only their
 * EBS volume.
 */

/** Which instance layers run with a warm pool in a simulated environment. */
export interface SimEnvironment {
  /** The GPU Auto Scaling group has a warm pool (DescribeWarmPool answers with one). @default false */
  readonly warmPool?: boolean;
}

/** Turns warm-pool reuse on for `pool` and fills the pool to `maxInstances - desired` stopped instances. */
export function attachWarmPool(pool: InstancePool, maxInstances: number, desired: number): void {
  pool.reuse = { restartS: STOPPED_INSTANCE_RESTART_S };
  pool.prewarmStopped(Math.max(0, maxInstances - desired));
}

/** Keeps the pool at `maxInstances - desired`: prepares instances when short, terminates stopped ones beyond it. */
export function keepWarmPoolSize(pool: InstancePool, maxInstances: number, desired: number): void {
  const size = Math.max(0, maxInstances - desired);
  const parked = pool.parked;
  if (parked < size) pool.launchIntoPool(size - parked);
  else if (parked > size) pool.terminateStopped(parked - size);
}
