/** A queued item: its time, and its place in the order of scheduling (ties run in that order). */
export interface Entry<T> {
  readonly t: number;
  readonly seq: number;
  readonly item: T;
}

/**
 * A binary min-heap of timed items. Ties are broken by insertion order, so two events at the same
 * virtual instant always run in the order they were scheduled (part of determinism).
 */
export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Adds `item` at time `t`. */
  push(t: number, item: T): void {
    const heap = this.heap;
    const entry = { t, seq: this.seq++, item };
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** The earliest time in the queue, or Infinity when empty. */
  peekTime(): number {
    return this.heap[0]?.t ?? Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the earliest entry (the queue's own: no object per pop). */
  pop(): Entry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
