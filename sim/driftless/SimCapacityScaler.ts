import type {
  CapacityScaler,
  GroupCapacity,
  GroupInstance,
  HostedTasks,
  WarmPoolCapacity,
} from "../../shared/engine/ports/CapacityScaler";
import type { DirectCapacity } from "../capacity/DirectCapacity";
import type { World } from "../model/World";
import type { ControlPlaneMeter } from "./ControlPlaneMeter";

/**
 * The GPU Auto Scaling group of capacity mode `direct`, backed by the simulated instances. An instance
 * hosts tasks while any replica (loading, serving or draining) holds its GPUs; instances warming for the
 * pool or stopped in it are not the group's. Scale-in protection is kept here and read back by describe:
 * the simulated group's scale-in already takes only idle instances (DirectCapacity), which is what
 * protecting the busy ones achieves on AWS.
 */
export class SimCapacityScaler implements CapacityScaler {
  private readonly protectedIds = new Set<string>();

  constructor(
    private readonly groupName: string,
    private readonly maxInstances: number,
    private readonly direct: DirectCapacity,
    private readonly world: World,
    private readonly meter: ControlPlaneMeter,
  ) {}

  async describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>> {
    this.meter.call("AutoScaling:DescribeAutoScalingGroups");
    const out = new Map<string, GroupCapacity>();
    if (groupNames.includes(this.groupName)) {
      const pool = this.world.pool;
      const instances: GroupInstance[] = [];
      let stopped = 0;
      let preparing = 0;
      for (const i of pool.notTerminated) {
        if (i.state === "stopped") stopped++;
        else if (i.forPool && i.state === "booting") preparing++;
        else if ((i.state === "booting" || i.state === "ready") && !i.forPool) {
          const instanceId = pool.instanceId(i);
          instances.push({
            instanceId,
            lifecycleState: i.state === "ready" ? "InService" : "Pending",
            protectedFromScaleIn: this.protectedIds.has(instanceId),
          });
        }
      }
      out.set(this.groupName, {
        min: 0,
        max: this.maxInstances,
        desired: this.direct.desiredCapacity,
        inService: pool.ready,
        instances,
        ...(this.direct.hasWarmPool ? { warmPool: warmPoolOf(stopped, preparing) } : {}),
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

  /**
   * Ready instances with a replica on them: running = serving, pending = loading, stopping = draining (the
   * task ECS is stopping, read on AWS with ListTasks desiredStatus STOPPED and DescribeTasks, as here).
   */
  async hostedTasks(_cluster: string): Promise<Map<string, HostedTasks>> {
    const pool = this.world.pool;
    // Every ready instance in launch order, then each replica counted into its instance's entry (replicas
    // hold GPUs on ready instances only), found by the instance's id (the same string every time).
    const out = new Map<string, { running: number; pending: number; stopping: number; status: "ACTIVE" }>();
    for (const i of pool.notTerminated)
      if (i.state === "ready")
        out.set(pool.instanceId(i), { running: 0, pending: 0, stopping: 0, status: "ACTIVE" });
    // ListTasks desiredStatus STOPPED lists the draining tasks, and on AWS also those stopped within the
    // last hour or more, which the services no longer hold: the metered DescribeTasks are a lower bound.
    let draining = 0;
    for (const service of this.world.services)
      for (const r of service.replicas) {
        if (r.state === "draining") draining++;
        if (r.instance === null || r.state === "stopped" || r.state === "waiting") continue;
        const tasks = out.get(pool.instanceId(r.instance));
        if (tasks === undefined) continue;
        if (r.state === "serving") tasks.running++;
        else if (r.state === "loading") tasks.pending++;
        else tasks.stopping++;
      }
    // ListContainerInstances (one page), ListTasks of stopped tasks (100 a page) and DescribeTasks and
    // DescribeContainerInstances (100 a call).
    this.meter.call("ECS:ListContainerInstances");
    this.meter.call("ECS:ListTasks", Math.max(1, Math.ceil(draining / 100)));
    if (draining > 0) this.meter.call("ECS:DescribeTasks", Math.ceil(draining / 100));
    const ready = pool.ready;
    if (ready > 0) this.meter.call("ECS:DescribeContainerInstances", Math.ceil(ready / 100));
    return out;
  }

  async setScaleInProtection(args: {
    readonly groupName: string;
    readonly instanceIds: readonly string[];
    readonly protect: boolean;
  }): Promise<void> {
    if (args.instanceIds.length === 0) return;
    this.meter.call("AutoScaling:SetInstanceProtection", Math.ceil(args.instanceIds.length / 50));
    if (args.groupName !== this.groupName)
      throw new Error(`ValidationError: group ${args.groupName} not found`);
    for (const id of args.instanceIds)
      if (args.protect) this.protectedIds.add(id);
      else this.protectedIds.delete(id);
  }
}

/** The warm pool as DescribeWarmPool reads the simulator's (AWS defaults: pool state Stopped, ReuseOnScaleIn). */
function warmPoolOf(stopped: number, preparing: number): WarmPoolCapacity {
  return { poolState: "Stopped", stopped, running: 0, hibernated: 0, preparing, reuseOnScaleIn: true };
}
