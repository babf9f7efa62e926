import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { DirectCapacity } from "../capacity/DirectCapacity";
import type { SimEnvironment } from "../capacity/WarmPool";
import { type ControlPlaneUsage, noControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { World } from "../model/World";
import type { Trace } from "../traces/Trace";
import type { Workload } from "../traces/Workload";
import type { Autoscaler, LatenessSample } from "./Autoscaler";
import { IDEAL_BIN_S, idealReplicas } from "./idealReplicas";

/**
 * A clairvoyant autoscaler, the limit to measure the others against: it knows every request of the
 * trace (idealReplicas: what each 10 s needs at the policy's target_ongoing_requests) and the worst
 * lead time (the longest instance boot plus the longest model load), so every 10 s it asks for the
 * most any moment from now to now + lead time needs: what is needed then is serving in time, and
 * nothing it will need again before a replacement could start is given up. Same instances, boots and
 * model loads as every other system; it sets the Auto Scaling group itself (instances before tasks),
 * within the policy's min and max replicas.
 */
export class Oracle implements Autoscaler {
  readonly id = "oracle";
  readonly label = "Oracle";
  private direct = new DirectCapacity();
  private plan: Int32Array[] = [];

  /** `workload`: the requests the run will replay (the same ones every system gets). */
  constructor(
    private readonly policies: readonly ResolvedPolicy[],
    private readonly workload: Workload,
    private readonly environment: SimEnvironment = {},
  ) {}

  /** Seconds from asking for a replica to its serving, at worst: instance boot plus model load. */
  leadTimeS(trace: Trace, stage: number): number {
    return trace.instance.bootS[1] + trace.stages[stage]!.modelLoadS[1];
  }

  initialReplicas(trace: Trace): number[] {
    this.plan = this.planFor(trace);
    return this.plan.map((p) => p[0]!);
  }

  capacity(trace: Trace): CapacityProvisioner {
    const gpus = this.policies.reduce(
      (n, p, k) => n + p.ray.maxReplicas * trace.stages[k]!.gpusPerReplica,
      0,
    );
    const maxInstances = Math.ceil(gpus / trace.instance.gpus);
    this.direct = new DirectCapacity(this.environment.warmPool ? { maxInstances } : null);
    return this.direct;
  }

  attach(world: World): void {
    const { loop, trace } = world;
    const step = () => {
      const bin = Math.floor((loop.now() - world.start) / IDEAL_BIN_S);
      let gpus = 0;
      for (const [k, plan] of this.plan.entries()) {
        const desired = plan[Math.min(plan.length - 1, bin)]!;
        gpus += desired * trace.stages[k]!.gpusPerReplica;
        if (desired !== world.decided(k)) world.setDesired(k, desired, null, 0);
      }
      this.direct.setDesiredCapacity(Math.ceil(gpus / trace.instance.gpus));
      loop.after(IDEAL_BIN_S, step);
    };
    loop.at(world.start, step);
  }

  /** Desired replicas per stage and bin: the largest need from the bin to the bin plus the lead time. */
  private planFor(trace: Trace): Int32Array[] {
    const needs = idealReplicas(
      trace,
      this.workload,
      this.policies.map((p) => p.ray.targetOngoingRequests),
    );
    return needs.map((need, k) => {
      const { minReplicas, maxReplicas } = this.policies[k]!.ray;
      const ahead = Math.ceil(this.leadTimeS(trace, k) / IDEAL_BIN_S);
      const plan = new Int32Array(need.length);
      for (let b = 0; b < need.length; b++) {
        let most = 0;
        for (let j = b; j <= Math.min(need.length - 1, b + ahead); j++) most = Math.max(most, need[j]!);
        plan[b] = Math.max(minReplicas, Math.min(maxReplicas, most));
      }
      return plan;
    });
  }

  lateness(): readonly LatenessSample[] {
    return [];
  }

  usage(): ControlPlaneUsage {
    return noControlPlaneUsage(["a bound, not a product: it reads the future"]);
  }
}
