import { aggregateWindow } from "../../shared/metrics/aggregateWindow";
import type { Datapoint } from "../../shared/metrics/Datapoint";
import type { World } from "../model/World";

/**
 * What Ray Serve's controller knows of the load: replicas (and handles, for queued requests) sample
 * their ongoing requests and push every 10 s; the controller merges the pushed samples as step
 * functions and aggregates them over look_back_period_s. Modeled with 1 s samples of requests in
 * progress plus queued, pushed every 10 s at a phase drawn per stage.
 */
export class RayMetricsView {
  private readonly unpushed: Datapoint[][];
  private readonly visible: Datapoint[][];
  private readonly phase: number[];

  constructor(
    world: World,
    private readonly keepS: number,
  ) {
    const rng = world.rng("ray:push-phase");
    this.unpushed = world.services.map(() => []);
    this.visible = world.services.map(() => []);
    this.phase = world.services.map(() => Math.floor(rng.uniform(0, 10)));
    world.sampler(1).listen((stage, stats) => {
      this.unpushed[stage]!.push({ t: stats.t, v: stats.runningAvg + stats.queuedAvg });
      // A push every 10 s, at this stage's phase, hands the buffered samples to the controller.
      if ((stats.t + 1 - this.phase[stage]!) % 10 === 0) this.push(stage, stats.t + 1);
    });
  }

  /** The aggregated load (mean, max or min over `lookBackS`) the controller sees at `now`. */
  total(stage: number, now: number, lookBackS: number, fn: "mean" | "max" | "min"): number {
    const series = this.visible[stage]!;
    return aggregateWindow(series, { now, lookBackS, fn }).value ?? 0;
  }

  private push(stage: number, now: number): void {
    const visible = this.visible[stage]!;
    for (const p of this.unpushed[stage]!) visible.push(p);
    this.unpushed[stage]!.length = 0;
    let drop = 0;
    while (drop < visible.length && visible[drop]!.t < now - this.keepS) drop++;
    if (drop > 0) visible.splice(0, drop);
  }
}
