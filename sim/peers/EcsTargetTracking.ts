import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { EcsManagedScaling } from "../capacity/EcsManagedScaling";
import type { SimEnvironment } from "../capacity/WarmPool";
import { CloudWatchFeed } from "../model/CloudWatchFeed";
import type { ControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { World } from "../model/World";
import type { Autoscaler, LatenessSample } from "./Autoscaler";

/** Application Auto Scaling target tracking defaults for ECS (peers.md). */
export const TARGET_TRACKING_DEFAULTS = Object.freeze({
  scaleOutDatapoints: 3,
  scaleInDatapoints: 15,
  scaleOutCooldownS: 300,
  scaleInCooldownS: 300,
  /** Standard-resolution datapoints readable this long after their minute ends. */
  metricLagS: 30,
});

interface StageState {
  readonly points: (number | null)[];
  lastScaleOutAt: number;
  lastScaleInAt: number;
  /** Capacity when the scale-out that started the running cooldown was made. */
  capacityBeforeScaleOut: number;
}

/**
 * ECS service target tracking (Application Auto Scaling) at its defaults, on ongoing requests per task
 * (in progress plus queued, over serving tasks; a standard 1-minute metric): the alarm it creates goes
 * to ALARM after 3 datapoints above the target (scale out to ceil(capacity x metric / target)), its
 * low alarm after 15 below (scale in the same way); cooldowns of 300 s (within the scale-out cooldown,
 * capacity added by the scale-out that started it counts, so only a larger capacity is set; no
 * scale-in within 300 s of a scale-out or scale-in); no scaling on missing data. Instances come
 * from the capacity provider's managed scaling.
 */
export class EcsTargetTracking implements Autoscaler {
  readonly id = "ecs-target-tracking";
  readonly label = "ECS target tracking";
  private readonly stages: StageState[];

  constructor(
    private readonly policies: readonly ResolvedPolicy[],
    private readonly maxInstances: number,
    private readonly environment: SimEnvironment = {},
  ) {
    this.stages = policies.map(() => ({
      points: [],
      lastScaleOutAt: Number.NEGATIVE_INFINITY,
      lastScaleInAt: Number.NEGATIVE_INFINITY,
      capacityBeforeScaleOut: 0,
    }));
  }

  initialReplicas(): number[] {
    return this.policies.map((p) => p.initialReplicas);
  }

  capacity(): CapacityProvisioner {
    return new EcsManagedScaling(this.maxInstances, 30, { warmPool: this.environment.warmPool === true });
  }

  attach(world: World): void {
    const d = TARGET_TRACKING_DEFAULTS;
    new CloudWatchFeed(world, 60, d.metricLagS, (stage, stats) => {
      const s = this.stages[stage]!;
      const policy = this.policies[stage]!;
      const perTask = stats.servingAvg > 0 ? (stats.runningAvg + stats.queuedAvg) / stats.servingAvg : null;
      s.points.push(perTask);
      if (s.points.length > d.scaleInDatapoints) s.points.shift();
      const target = policy.ray.targetOngoingRequests;
      const now = world.loop.now();
      const capacity = world.decided(stage);
      const last = (n: number) => (s.points.length >= n ? s.points.slice(-n) : null);
      const high = last(d.scaleOutDatapoints);
      const low = last(d.scaleInDatapoints);
      let desired = capacity;
      if (high?.every((v) => v !== null && v > target) && perTask !== null) {
        const inCooldown = now - s.lastScaleOutAt < d.scaleOutCooldownS;
        const base = inCooldown ? s.capacityBeforeScaleOut : capacity;
        const wanted = Math.ceil((base * perTask) / target);
        if (wanted > capacity) {
          if (!inCooldown) s.capacityBeforeScaleOut = capacity;
          s.lastScaleOutAt = now;
          desired = wanted;
        }
      } else if (
        low?.every((v) => v !== null && v < target) &&
        perTask !== null &&
        now - s.lastScaleInAt >= d.scaleInCooldownS &&
        now - s.lastScaleOutAt >= d.scaleOutCooldownS
      ) {
        const wanted = Math.ceil((capacity * perTask) / target);
        if (wanted < capacity) {
          s.lastScaleInAt = now;
          desired = wanted;
        }
      }
      desired = Math.max(policy.ray.minReplicas, Math.min(policy.ray.maxReplicas, desired));
      if (desired !== capacity) world.setDesired(stage, desired, null, 2);
    });
  }

  lateness(): readonly LatenessSample[] {
    return [];
  }

  usage(): ControlPlaneUsage {
    return {
      calls: {},
      metricsRequested: 0,
      readUnits: 0,
      writeUnits: 0,
      lambdaInvocations: 0,
      lambdaGbSeconds: 0,
      // A high and a low alarm per service, and managed scaling's pair on CapacityProviderReservation.
      alarms: { standard: 2 * this.policies.length + 2, highResolution: 0 },
      customMetrics: this.policies.length,
      notes: ["alarms evaluate without GetMetricData charges; Application Auto Scaling has no API cost"],
    };
  }
}
