import type { CapacityScaler, GroupCapacity } from "../../shared/engine/ports/CapacityScaler";
import type { DirectCapacity } from "../capacity/DirectCapacity";
import type { InstancePool } from "../model/InstancePool";
import type { ControlPlaneMeter } from "./ControlPlaneMeter";

/** The GPU Auto Scaling group of capacity mode `direct`, backed by the simulated instances. */
export class SimCapacityScaler implements CapacityScaler {
  constructor(
    private readonly groupName: string,
    private readonly maxInstances: number,
    private readonly direct: DirectCapacity,
    private readonly pool: InstancePool,
    private readonly meter: ControlPlaneMeter,
  ) {}

  async describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>> {
    this.meter.call("AutoScaling:DescribeAutoScalingGroups");
    const out = new Map<string, GroupCapacity>();
    if (groupNames.includes(this.groupName)) {
      out.set(this.groupName, {
        min: 0,
        max: this.maxInstances,
        desired: this.direct.desiredCapacity,
        inService: this.pool.ready,
      });
    }
    return out;
  }

  async setDesired(groupName: string, desired: number): Promise<void> {
    this.meter.call("AutoScaling:SetDesiredCapacity");
    if (groupName !== this.groupName) throw new Error(`ValidationError: group ${groupName} not found`);
    if (desired < 0 || desired > this.maxInstances)
      throw new Error(`ValidationError: ${desired} outside [0, ${this.maxInstances}]`);
    this.direct.setDesiredCapacity(desired);
  }
}
