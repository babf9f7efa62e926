import type { HistoryMetric, LoadHistory } from "../../shared/engine/ports/LoadHistory";
import { InMemoryLoadHistory } from "../../shared/inMemory/InMemoryLoadHistory";
import type { Series } from "../../shared/metrics/Datapoint";

const MINUTE_S = 60;

/**
 * The simulated CloudWatch's record of driftless's own `Load` metric: each decision publishes its load
 * (as the EMF observer does), and CloudWatch keeps one Average datapoint per minute, readable once the
 * minute is over. The forecaster reads it as CloudWatchLoadHistory reads the real one (1-minute data:
 * the simulated runs stay within CloudWatch's 15 days of it).
 */
export class SimLoadHistory implements LoadHistory {
  private readonly stored = new InMemoryLoadHistory();
  private readonly open = new Map<
    string,
    { metric: HistoryMetric; minute: number; sum: number; n: number }
  >();

  /** One published `Load` value of `metric` at `t` (epoch seconds, non-decreasing per metric). */
  publish(key: string, metric: HistoryMetric, t: number, v: number): void {
    const minute = Math.floor(t / MINUTE_S) * MINUTE_S;
    const bucket = this.open.get(key);
    if (bucket !== undefined && bucket.minute === minute) {
      bucket.sum += v;
      bucket.n++;
      return;
    }
    if (bucket !== undefined)
      this.stored.record(bucket.metric, { t: bucket.minute, v: bucket.sum / bucket.n });
    this.open.set(key, { metric, minute, sum: v, n: 1 });
  }

  async read(args: { metric: HistoryMetric; now: number; historyDays: number }): Promise<Series> {
    return this.stored.read(args);
  }
}
