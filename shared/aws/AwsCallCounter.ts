/** Counts of AWS API calls keyed `Service:Operation`, e.g. `{ "ECS:DescribeServices": 2 }`. */
export type AwsCallCounts = Record<string, number>;

/**
 * Tallies AWS API calls by service and operation; `countAwsCalls` feeds it from SDK middleware, and each
 * evaluation reports the calls it made from a snapshot.
 */
export class AwsCallCounter {
  private readonly counts = new Map<string, number>();

  /** Adds one call of `operation` on `service`. */
  record(service: string, operation: string): void {
    const key = `${service}:${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The counts so far, keys sorted (a copy: later calls do not change it). */
  snapshot(): AwsCallCounts {
    const out: AwsCallCounts = {};
    for (const key of [...this.counts.keys()].sort()) out[key] = this.counts.get(key) ?? 0;
    return out;
  }

  /** All calls so far. */
  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Forgets every count (e.g. at the start of an evaluation). */
  reset(): void {
    this.counts.clear();
  }
}
