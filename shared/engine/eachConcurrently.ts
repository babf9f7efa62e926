/**
 * Runs `fn` on every item at once and resolves when all have: `Promise.all` over the items, without its
 * array, closures and reactions when there is only one (a round's usual one cluster): that is awaited as is.
 * Rejects as `Promise.all` does, on the first rejection.
 */
export function eachConcurrently<T>(items: Iterable<T>, fn: (item: T) => Promise<void>): Promise<unknown> {
  const list = Array.isArray(items) ? (items as readonly T[]) : [...items];
  if (list.length === 1) return fn(list[0]!);
  return Promise.all(list.map(fn));
}
