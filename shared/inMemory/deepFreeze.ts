/**
 * Freezes `value` and everything it holds, in place, and returns it. Stops at objects already frozen, so
 * re-freezing a state that shares its unchanged parts (a last known-good body, an action) with the one it
 * replaces costs only the new parts. For plain data (stored items, their traces): no getters, no cycles.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Arrays by index: for-in over an array enumerates its indexes as strings, at twice the cost.
    if (Array.isArray(value)) for (const inner of value) deepFreeze(inner);
    else for (const key in value) deepFreeze(value[key]);
  }
  return value;
}
