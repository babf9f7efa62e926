/**
 * Freezes `value` and everything it holds, in place, and returns it. Stops at objects already frozen, so
 * re-freezing a state that shares its unchanged parts (a last known-good body, a frozen trace) with the one it
 * replaces costs only the new parts. For plain data (stored items, their traces): no getters, no cycles.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    // for-in rather than Object.values: no array per object.
    for (const key in value) {
      const inner = value[key];
      if (inner !== null && typeof inner === "object") deepFreeze(inner);
    }
  }
  return value;
}
