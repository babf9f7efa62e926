import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { NodeAutoscaler } from "../capacity/NodeAutoscaler";
import { STOPPED_INSTANCE_RESTART_S } from "../capacity/stoppedInstanceRestart";
import { type ControlPlaneUsage, noControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { World } from "../model/World";
import type { Autoscaler, LatenessSample } from "./Autoscaler";
import { type RayLoopOverhead, rayIterationS } from "./RayLoopOverhead";
import { RayMetricsView } from "./RayMetricsView";

/** One controller step's outcome for a deployment. */
export interface RayStep {
  readonly desired: number;
  /** For a change: when Ray's configured delay meant it to happen. */
  readonly intendedAt: number | null;
  /** A delay that will fire before the next step: the loop iteration at which it does. */
  readonly wakeAt: number | null;
}

/**
 * Ray Serve's controller as a model: it reads the aggregated load every second (its loop runs every
 * 0.1 s plus overhead; the pushed metrics change every 10 s and the window mean drifts slowly, so
 * reading once a second loses little) and, when a delay is about to fire between two reads, exactly at
 * the loop iteration where it fires. The controller starts and stops replicas itself (no actuation
 * lag); the Ray cluster autoscaler adds GPU nodes for replicas that do not fit (checks every 5 s,
 * stops nodes idle for 5 minutes and restarts stopped ones first, Ray's AWS defaults; `instances` swaps in another instance layer for a
 * controlled comparison). Subclasses decide: after or before the delay fix.
 */
export abstract class RayControllerModel implements Autoscaler {
  protected readonly targets: number[];
  private readonly samples: LatenessSample[] = [];

  constructor(
    readonly id: string,
    readonly label: string,
    protected readonly policies: readonly ResolvedPolicy[],
    protected readonly overhead: RayLoopOverhead,
    private readonly instances?: () => CapacityProvisioner,
  ) {
    this.targets = policies.map((p) => p.initialReplicas);
  }

  initialReplicas(): number[] {
    return this.policies.map((p) => p.initialReplicas);
  }

  capacity(): CapacityProvisioner {
    // Another instance layer only for controlled comparisons (the same instances as driftless).
    return (
      this.instances?.() ??
      new NodeAutoscaler("Ray cluster autoscaler (cache_stopped_nodes)", 5, 300, {
        restartS: STOPPED_INSTANCE_RESTART_S,
      })
    );
  }

  attach(world: World): void {
    const keepS = Math.max(...this.policies.map((p) => p.lookBackPeriodS)) + 20;
    const view = new RayMetricsView(world, keepS);
    const wakes = this.policies.map(() => Number.NaN);
    const evaluate = (stage: number) => {
      const now = world.loop.now();
      const policy = this.policies[stage]!;
      const total = view.total(stage, now, policy.lookBackPeriodS, policy.aggregation);
      const current = world.services[stage]!.counts().running;
      const target = this.targets[stage]!;
      const step = this.step(stage, now, total, current, target);
      if (step.desired !== target) {
        this.targets[stage] = step.desired;
        world.setDesired(stage, step.desired, step.intendedAt, 0);
        if (step.intendedAt !== null)
          this.samples.push({
            intendedAt: step.intendedAt,
            at: now,
            direction: step.desired > target ? "up" : "down",
          });
      }
      // Between two reads a delay may come due: run the iteration where it fires, once.
      if (
        step.wakeAt !== null &&
        step.wakeAt > now &&
        step.wakeAt < now + 1 &&
        wakes[stage] !== step.wakeAt
      ) {
        wakes[stage] = step.wakeAt;
        world.loop.at(step.wakeAt, () => evaluate(stage));
      }
    };
    world.sampler(1).listen((stage) => evaluate(stage));
  }

  /** One controller step for `stage` at `now` with the aggregated load `total`. */
  protected abstract step(
    stage: number,
    now: number,
    total: number,
    current: number,
    target: number,
  ): RayStep;

  /** The duration of one loop iteration with `total` ongoing requests. */
  protected iterationS(total: number): number {
    return rayIterationS(this.overhead, total);
  }

  lateness(): readonly LatenessSample[] {
    return this.samples;
  }

  usage(): ControlPlaneUsage {
    return noControlPlaneUsage([
      "the controller runs on the Ray head node (an always-on instance, not counted here)",
    ]);
  }
}
