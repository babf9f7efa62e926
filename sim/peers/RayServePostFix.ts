import { decide } from "../../shared/policy/decide";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../shared/policy/PolicyState";
import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { RayControllerModel, type RayStep } from "./RayControllerModel";
import { DEFAULT_RAY_OVERHEAD, type RayLoopOverhead } from "./RayLoopOverhead";
import { rayOnlyPolicy } from "./rayOnlyPolicy";

/**
 * Ray Serve's default autoscaling policy after the delay fix (ray-project/ray PR #62144): delays are
 * elapsed wall-clock time from when a direction was first wanted. Each step calls driftless's `decide`
 * with the deployment's Ray fields only, which is proven to decide exactly as Ray does; the load it
 * gets is Ray's own view (RayMetricsView), not CloudWatch. A delay fires at the first loop iteration
 * at or after its deadline.
 */
export class RayServePostFix extends RayControllerModel {
  private readonly ray: ResolvedPolicy[];
  private readonly states: PolicyState[];

  constructor(
    policies: readonly ResolvedPolicy[],
    overhead: RayLoopOverhead = DEFAULT_RAY_OVERHEAD,
    instances?: () => CapacityProvisioner,
  ) {
    super(
      instances ? "ray-serve:ecs-capacity" : "ray-serve",
      instances ? "Ray Serve on the ECS capacity provider" : "Ray Serve",
      policies,
      overhead,
      instances,
    );
    this.ray = policies.map((p) => rayOnlyPolicy(p));
    this.states = policies.map(() => INITIAL_POLICY_STATE);
  }

  protected step(stage: number, now: number, total: number, current: number, target: number): RayStep {
    const d = decide(this.ray[stage]!, {
      now,
      currentReplicas: current,
      targetReplicas: target,
      state: this.states[stage]!,
      load: { total },
    });
    this.states[stage] = d.state;
    let wakeAt: number | null = null;
    if (d.pendingDelay) {
      // The loop runs in iterations from when the delay started; it fires on the first one past the deadline.
      const p = this.iterationS(total);
      const since = d.pendingDelay.since;
      wakeAt = since + Math.ceil((d.pendingDelay.firesAt - since) / p - 1e-9) * p;
    }
    return { desired: d.desiredReplicas, intendedAt: d.direction === "none" ? null : d.intendedAt, wakeAt };
  }
}
