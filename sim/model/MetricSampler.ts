import type { SimLoop } from "../SimLoop";
import type { PeriodStats } from "./PeriodStats";
import type { ServiceModel } from "./ServiceModel";

/** A period's samples when there are none, or when this sampler does not take them: one shared array. */
const NO_SAMPLES: readonly number[] = Object.freeze([]);

/**
 * Cuts every service's load into periods of `periodS` seconds aligned to the epoch (as CloudWatch
 * aligns datapoints) and hands each period's statistics to the listeners at the period's end. Only a
 * sampler created with `takeLatency` consumes the services' latency samples (there is one such).
 */
export class MetricSampler {
  private readonly listeners: ((stage: number, stats: PeriodStats) => void)[] = [];
  private readonly last: { running: number; queued: number; serving: number }[];

  constructor(
    private readonly loop: SimLoop,
    private readonly services: readonly ServiceModel[],
    readonly periodS: number,
    private readonly takeLatency: boolean,
  ) {
    // Latency samples are bucketed by 10 s in the services, so only a 10 s sampler can take them.
    if (takeLatency && periodS !== 10)
      throw new RangeError("the latency-taking sampler must use 10 s periods");
    this.last = services.map((s) => {
      s.integrate();
      return { running: s.areaRunning, queued: s.areaQueued, serving: s.areaServing };
    });
    const first = Math.floor(loop.now() / periodS) * periodS + periodS;
    this.loop.at(first, () => this.tick());
  }

  /** Adds a listener for every service's periods. */
  listen(listener: (stage: number, stats: PeriodStats) => void): void {
    this.listeners.push(listener);
  }

  private tick(): void {
    const end = this.loop.now();
    const start = end - this.periodS;
    for (let k = 0; k < this.services.length; k++) {
      const s = this.services[k]!;
      s.integrate();
      const last = this.last[k]!;
      const stats: PeriodStats = {
        t: start,
        periodS: this.periodS,
        servingAvg: (s.areaServing - last.serving) / this.periodS,
        runningAvg: (s.areaRunning - last.running) / this.periodS,
        queuedAvg: (s.areaQueued - last.queued) / this.periodS,
        firstOutputMs: this.takeLatency ? take(s.firstOutputMs, start) : NO_SAMPLES,
        latencyMs: this.takeLatency ? take(s.latencyMs, start) : NO_SAMPLES,
      };
      last.running = s.areaRunning;
      last.queued = s.areaQueued;
      last.serving = s.areaServing;
      for (const listener of this.listeners) listener(k, stats);
    }
    this.loop.at(end + this.periodS, () => this.tick());
  }
}

function take(buckets: Map<number, number[]>, start: number): readonly number[] {
  const key = Math.floor(start / 10);
  const samples = buckets.get(key);
  if (samples === undefined) return NO_SAMPLES;
  buckets.delete(key);
  return samples;
}
