import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { Rng } from "../Rng";
import type { SimLoop } from "../SimLoop";
import type { Trace } from "../traces/Trace";
import type { Workload } from "../traces/Workload";
import type { DecisionEvent } from "./DecisionEvent";
import { InstancePool } from "./InstancePool";
import { MetricSampler } from "./MetricSampler";
import type { SimServiceCounts } from "./ServiceCounts";
import { ServiceModel, type StageTimes } from "./ServiceModel";

/** A step function recorded as change points. */
export interface Timeline {
  readonly t: number[];
  readonly v: number[];
}

/**
 * Everything one run simulates: the arrivals, the services and their replicas, the GPU instances,
 * the metric samplers, and what happened (decisions, counts over time). Autoscalers read it the way
 * their real counterparts read the system (through metric feeds and counts) and change it only by
 * setting desired replicas.
 */
export class World {
  readonly start: number;
  readonly end: number;
  readonly pool: InstancePool;
  readonly services: ServiceModel[];
  readonly times: StageTimes[];
  readonly decisions: DecisionEvent[] = [];
  readonly desired: Timeline[];
  readonly serving: Timeline[];
  readonly pending: Timeline[];
  /** Requests finished at the last stage. */
  completed = 0;
  private samplers = new Map<string, MetricSampler>();
  private nextArrival = 0;

  constructor(
    readonly loop: SimLoop,
    readonly trace: Trace,
    readonly workload: Workload,
    readonly seed: number,
    initialReplicas: readonly number[],
    readonly provisioner: CapacityProvisioner,
  ) {
    this.start = trace.start;
    this.end = trace.start + trace.durationS;
    const root = new Rng(seed);
    this.pool = new InstancePool(loop, trace.instance, root.fork("instances"));
    const gpus = trace.stages.reduce((n, s, k) => n + s.gpusPerReplica * (initialReplicas[k] ?? 0), 0);
    this.pool.prewarm(provisioner.prewarmInstances(gpus, trace.instance.gpus));
    const n = workload.arrivals.length;
    this.times = trace.stages.map(() => ({
      arrive: new Float64Array(n).fill(Number.NaN),
      start: new Float64Array(n).fill(Number.NaN),
      first: new Float64Array(n).fill(Number.NaN),
      done: new Float64Array(n).fill(Number.NaN),
    }));
    const last = trace.stages.length - 1;
    this.services = trace.stages.map(
      (spec, k) =>
        new ServiceModel(
          loop,
          k,
          spec,
          this.pool,
          workload,
          this.times[k]!,
          root.fork(`replicas:${k}`),
          (request) => {
            if (k < last) this.services[k + 1]!.arrive(request);
            else this.completed++;
          },
          initialReplicas[k] ?? 0,
        ),
    );
    this.desired = this.services.map((s) => ({ t: [this.start], v: [s.desired] }));
    this.serving = this.services.map((s) => ({ t: [this.start], v: [s.counts().running] }));
    this.pending = this.services.map(() => ({ t: [this.start], v: [0] }));
    for (const [k, s] of this.services.entries()) {
      s.countListeners.push((c: SimServiceCounts) => {
        record(this.serving[k]!, loop.now(), c.running);
        record(this.pending[k]!, loop.now(), c.pending);
      });
    }
    provisioner.attach(loop, this.pool);
    this.scheduleArrival();
  }

  /** An independent random stream for `label` (jitter, phases), fixed by the run's seed. */
  rng(label: string): Rng {
    return new Rng(this.seed).fork(label);
  }

  /**
   * Periodic statistics of every service for periods of `periodS` (1 or 10 s). Shared per period
   * length; the 10 s sampler also carries the latency samples (60 s statistics combine six of its periods).
   */
  sampler(periodS: 1 | 10): MetricSampler {
    const key = String(periodS);
    let s = this.samplers.get(key);
    if (!s) {
      s = new MetricSampler(this.loop, this.services, periodS, periodS === 10);
      this.samplers.set(key, s);
    }
    return s;
  }

  /**
   * An autoscaler decides `desired` replicas for a stage: recorded now (the decision), carried out by
   * the platform's controller `actuationS` later (UpdateService to placement, for instance).
   */
  setDesired(stage: number, desired: number, intendedAt: number | null, actuationS: number): void {
    const timeline = this.desired[stage]!;
    const from = timeline.v[timeline.v.length - 1]!;
    if (desired === from) return;
    const at = this.loop.now();
    this.decisions.push({ stage, at, from, to: desired, intendedAt });
    record(timeline, at, desired);
    const service = this.services[stage]!;
    if (actuationS > 0) this.loop.after(actuationS, () => service.setDesired(desired));
    else service.setDesired(desired);
  }

  /** The desired count an autoscaler last decided for `stage`. */
  decided(stage: number): number {
    const timeline = this.desired[stage]!;
    return timeline.v[timeline.v.length - 1]!;
  }

  /** Whether every request has finished. */
  get drained(): boolean {
    return this.completed === this.workload.arrivals.length;
  }

  private scheduleArrival(): void {
    const arrivals = this.workload.arrivals;
    if (this.nextArrival >= arrivals.length) return;
    const i = this.nextArrival++;
    this.loop.at(this.start + arrivals[i]!, () => {
      this.services[0]!.arrive(i);
      this.scheduleArrival();
    });
  }
}

function record(timeline: Timeline, t: number, v: number): void {
  const n = timeline.v.length;
  if (timeline.v[n - 1] === v) return;
  if (timeline.t[n - 1] === t) {
    timeline.v[n - 1] = v;
    // A change back to the value before collapses the step.
    if (n >= 2 && timeline.v[n - 2] === v) {
      timeline.t.pop();
      timeline.v.pop();
    }
    return;
  }
  timeline.t.push(t);
  timeline.v.push(v);
}
