import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { FixedCapacity } from "../capacity/FixedCapacity";
import { type ControlPlaneUsage, noControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { Trace } from "../traces/Trace";
import type { Autoscaler, LatenessSample } from "./Autoscaler";

/** No autoscaler: every stage runs its maximum replicas all the time, on instances that never change. */
export class FixedFleet implements Autoscaler {
  readonly id = "fixed";
  readonly label = "Fixed fleet";

  constructor(private readonly policies: readonly ResolvedPolicy[]) {}

  initialReplicas(): number[] {
    return this.policies.map((p) =>
      Math.max(p.ray.maxReplicas, ...p.schedules.map((w) => w.overrides.max_replicas ?? 0)),
    );
  }

  capacity(trace: Trace): CapacityProvisioner {
    const gpus = this.initialReplicas().reduce((n, r, k) => n + r * trace.stages[k]!.gpusPerReplica, 0);
    return new FixedCapacity(Math.ceil(gpus / trace.instance.gpus));
  }

  attach(): void {}

  lateness(): readonly LatenessSample[] {
    return [];
  }

  usage(): ControlPlaneUsage {
    return noControlPlaneUsage([]);
  }
}
