import { decide } from "../../shared/policy/decide";
import { INITIAL_POLICY_STATE } from "../../shared/policy/PolicyState";
import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { RayControllerModel, type RayStep } from "./RayControllerModel";
import { DEFAULT_RAY_OVERHEAD, type RayLoopOverhead } from "./RayLoopOverhead";
import { rayOnlyPolicy } from "./rayOnlyPolicy";

const CONTROL_LOOP_PERIOD_S = 0.1;

interface Timer {
  direction: "up" | "down" | "none";
  /** Loop iterations counted in the current direction (the first wanting iteration counts 1). */
  counter: number;
  /** When the direction was first wanted. */
  since: number;
  lastT: number;
}

/**
 * Ray Serve's default policy before the delay fix: a change fires once it has been wanted for more
 * than int(delay / 0.1) controller iterations (ceil(delay / 0.1) iterations after the first one), and
 * each iteration lasts 0.1 s plus an overhead that grows with the load (RayLoopOverhead), so a 30 s
 * delay stretches to 30 x (0.1 + overhead) / 0.1 s, most of all during a burst. The value wanted is
 * Ray's (decide with the delays set to zero: cold start, factors, two-stage scale to zero, bounds).
 */
export class RayServePreFix extends RayControllerModel {
  private readonly zeroDelay: ResolvedPolicy[];
  private readonly timers: Timer[];

  constructor(
    policies: readonly ResolvedPolicy[],
    overhead: RayLoopOverhead = DEFAULT_RAY_OVERHEAD,
    instances?: () => CapacityProvisioner,
  ) {
    super("ray-serve-prefix", "Ray Serve, before the delay fix", policies, overhead, instances);
    this.zeroDelay = policies.map((p) => rayOnlyPolicy(p, 0));
    this.timers = policies.map(() => ({ direction: "none", counter: 0, since: 0, lastT: 0 }));
  }

  protected step(stage: number, now: number, total: number, current: number, target: number): RayStep {
    const wanted = decide(this.zeroDelay[stage]!, {
      now,
      currentReplicas: current,
      targetReplicas: target,
      state: INITIAL_POLICY_STATE,
      load: { total },
    }).desiredReplicas;
    const timer = this.timers[stage]!;
    const direction = wanted > target ? "up" : wanted < target ? "down" : "none";
    // No running replica: Ray's cold start and zero bypass go to the target at once.
    if (direction === "none" || current === 0) {
      timer.direction = "none";
      timer.counter = 0;
      return {
        desired: direction === "none" ? target : wanted,
        intendedAt: direction === "none" ? null : now,
        wakeAt: null,
      };
    }
    const p = this.iterationS(total);
    if (timer.direction !== direction) {
      timer.direction = direction;
      timer.counter = 1;
      timer.since = now;
    } else {
      timer.counter += (now - timer.lastT) / p;
    }
    timer.lastT = now;
    const ray = this.policies[stage]!.ray;
    const delayS =
      direction === "up"
        ? ray.upscaleDelayS
        : target === 1
          ? (ray.downscaleToZeroDelayS ?? ray.downscaleDelayS)
          : ray.downscaleDelayS;
    const iterations = Math.ceil(delayS / CONTROL_LOOP_PERIOD_S - 1e-9);
    if (timer.counter - 1 >= iterations - 1e-9) {
      timer.direction = "none";
      timer.counter = 0;
      return { desired: wanted, intendedAt: timer.since + delayS, wakeAt: null };
    }
    return { desired: target, intendedAt: null, wakeAt: now + (iterations - (timer.counter - 1)) * p };
  }
}
