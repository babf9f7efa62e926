import { itemSize } from "./itemSize";

/**
 * Tallies what driftless's control plane does in a run: AWS calls by `Service:Operation` and DynamoDB
 * request units, worked out from the size of the items read and written (on demand: a strongly
 * consistent read costs one unit per 4 KB, a write one unit per 1 KB).
 */
export class ControlPlaneMeter {
  /** Counts by operation in a map: a record keyed by a dozen operation names, added one by one, was slow to update. */
  private readonly counts = new Map<string, number>();
  readUnits = 0;
  writeUnits = 0;
  private readonly sizes = new Map<string, { n: number; size: number }>();

  /**
   * The size of an item of `kind` (bytes of its JSON), measured on the first and every 32nd item of
   * that kind and carried over in between: items of one kind barely change size, and serialising every
   * one of them cost more than the rest of the bookkeeping.
   */
  sizeOf(kind: string, item: unknown): number {
    const seen = this.sizes.get(kind);
    if (seen && seen.n++ % 32 !== 0) return seen.size;
    const size = itemSize(item);
    if (seen) seen.size = size;
    else this.sizes.set(kind, { n: 1, size });
    return size;
  }

  call(operation: string, count = 1): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + count);
  }

  /**
   * A strongly consistent read of one item of `size` bytes (one item at a time: an array of sizes per
   * call was an allocation on every read of a round).
   */
  readItem(size: number): void {
    this.readUnits += Math.max(1, Math.ceil(size / 4096));
  }

  /** A write of one item of `size` bytes. */
  writeItem(size: number): void {
    this.writeUnits += Math.max(1, Math.ceil(size / 1024));
  }

  /** The counts so far, as a copy later calls do not change. */
  snapshot(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.counts);
  }

  /** The counts so far by `Service:Operation` (a copy, as snapshot). */
  get calls(): Readonly<Record<string, number>> {
    return this.snapshot();
  }
}
