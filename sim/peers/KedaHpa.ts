import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { NodeAutoscaler } from "../capacity/NodeAutoscaler";
import { CloudWatchFeed } from "../model/CloudWatchFeed";
import type { ControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { World } from "../model/World";
import type { Autoscaler, LatenessSample } from "./Autoscaler";
import { hpaDesiredReplicas } from "./hpaDesiredReplicas";

/** HPA and KEDA defaults (peers.md). */
export const HPA_DEFAULTS = Object.freeze({
  syncS: 15,
  tolerance: 0.1,
  scaleDownStabilizationS: 300,
  /** Scale-up policies: +100 % or +4 pods per 15 s, the larger wins. */
  scaleUpPercent: 100,
  scaleUpPods: 4,
  /** KEDA's aws-cloudwatch scaler: a 300 s statistic over the last 300 s. */
  metricStatPeriodS: 300,
  kedaPollingS: 30,
  /** Standard-resolution datapoints readable this long after their minute ends. */
  metricLagS: 30,
});

/**
 * KEDA with the Kubernetes HPA, at their defaults: KEDA's aws-cloudwatch scaler reads the service's
 * ongoing requests (in progress plus queued, a standard-resolution metric) as one 5-minute statistic;
 * the HPA syncs every 15 s with an AverageValue target of target_ongoing_requests per pod:
 * desired = ceil(value / target) unless within the 10 % tolerance; scale-up at most +100 % or +4 pods
 * per sync, no stabilization; scale-down to the highest recommendation of the last 300 s. Bounds are
 * the policy's min and max replicas. Pods that do not fit wait for Karpenter (pending pods batched,
 * checked every 10 s; v1's consolidateAfter 0 s removes an empty node at the next check).
 */
export class KedaHpa implements Autoscaler {
  readonly id = "keda-hpa";
  readonly label = "KEDA + HPA";
  private readonly recommendations: { t: number; v: number }[][];
  private getMetricDataCalls = 0;

  constructor(private readonly policies: readonly ResolvedPolicy[]) {
    this.recommendations = policies.map(() => []);
  }

  initialReplicas(): number[] {
    return this.policies.map((p) => p.initialReplicas);
  }

  capacity(): CapacityProvisioner {
    return new NodeAutoscaler("Karpenter", 10, 0);
  }

  attach(world: World): void {
    const datapoints: { t: number; v: number }[][] = this.policies.map(() => []);
    new CloudWatchFeed(world, 60, HPA_DEFAULTS.metricLagS, (stage, stats) => {
      const list = datapoints[stage]!;
      list.push({ t: stats.t, v: stats.runningAvg + stats.queuedAvg });
      if (list.length > 20) list.shift();
    });
    const phase = world.rng("hpa:phase").uniform(0, HPA_DEFAULTS.syncS);
    const sync = () => {
      const now = world.loop.now();
      for (const [stage, policy] of this.policies.entries()) {
        // Every HPA sync asks KEDA's metrics server, which queries CloudWatch (no metric caching).
        this.getMetricDataCalls++;
        const window = datapoints[stage]!.filter((p) => p.t >= now - HPA_DEFAULTS.metricStatPeriodS);
        if (window.length === 0) continue;
        const value = window.reduce((s, p) => s + p.v, 0) / window.length;
        const desired = hpaDesiredReplicas({
          now,
          value,
          target: policy.ray.targetOngoingRequests,
          current: world.decided(stage),
          min: policy.ray.minReplicas,
          max: policy.ray.maxReplicas,
          history: this.recommendations[stage]!,
          ...HPA_DEFAULTS,
        });
        if (desired !== world.decided(stage)) world.setDesired(stage, desired, null, 1);
      }
      world.loop.after(HPA_DEFAULTS.syncS, sync);
    };
    world.loop.at(world.start + phase, sync);
    // KEDA's own polling (activation 0 <-> 1) reads the metric every 30 s as well.
    const poll = () => {
      this.getMetricDataCalls += this.policies.length;
      world.loop.after(HPA_DEFAULTS.kedaPollingS, poll);
    };
    world.loop.at(world.start + HPA_DEFAULTS.kedaPollingS, poll);
  }

  lateness(): readonly LatenessSample[] {
    return [];
  }

  usage(): ControlPlaneUsage {
    return {
      calls: { "CloudWatch:GetMetricData": this.getMetricDataCalls },
      metricsRequested: this.getMetricDataCalls,
      readUnits: 0,
      writeUnits: 0,
      lambdaInvocations: 0,
      lambdaGbSeconds: 0,
      alarms: { standard: 0, highResolution: 0 },
      customMetrics: this.policies.length,
      notes: ["KEDA and the HPA run in an EKS cluster (control plane $0.10/h, shared, not counted here)"],
    };
  }
}
