import { combineStats } from "./combineStats";
import type { PeriodStats } from "./PeriodStats";
import type { World } from "./World";

/**
 * The services' metrics as CloudWatch would serve them: datapoints of `resolutionS` (10: high
 * resolution; 60: standard) timestamped with their period's start and readable `lagS` after the
 * period ends (the publishing delay). `publish` runs at that moment with the period's statistics.
 */
export class CloudWatchFeed {
  private readonly buffers: PeriodStats[][];

  constructor(
    private readonly world: World,
    readonly resolutionS: 10 | 60,
    readonly lagS: number,
    private readonly publish: (stage: number, stats: PeriodStats) => void,
  ) {
    this.buffers = world.services.map(() => []);
    world.sampler(10).listen((stage, stats) => this.onPeriod(stage, stats));
  }

  private onPeriod(stage: number, stats: PeriodStats): void {
    let out: PeriodStats;
    if (this.resolutionS === 10) {
      out = stats;
    } else {
      const buffer = this.buffers[stage]!;
      buffer.push(stats);
      // A minute's datapoint exists once its last 10 s period has ended.
      if ((stats.t + stats.periodS) % 60 !== 0) return;
      out = combineStats(buffer);
      buffer.length = 0;
    }
    this.world.loop.after(this.lagS, () => this.publish(stage, out));
  }
}
