import type { InstancePool } from "../model/InstancePool";
import type { SimLoop } from "../SimLoop";
import type { CapacityProvisioner } from "./CapacityProvisioner";

/** A fixed number of instances, running from the start (the fixed fleet). */
export class FixedCapacity implements CapacityProvisioner {
  readonly name = "fixed instances";

  constructor(private readonly instances: number) {}

  prewarmInstances(): number {
    return this.instances;
  }

  attach(_loop: SimLoop, _pool: InstancePool): void {}
}
