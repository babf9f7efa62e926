/**
 * Freezes `value` and everything it holds, in place, and returns it. Stops at objects already frozen, so
 * re-freezing an item that shares its unchanged parts with the one it replaces costs only the new parts.
 * For plain data (stored items, their traces, policy bodies): no getters, no cycles.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // Arrays by index (for-in would walk them by string keys, for-of with an iterator); objects by for-in
  // rather than Object.values: no array per object. Only objects are visited: most members are numbers
  // and strings.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === "object") deepFreeze(item);
    }
  } else
    for (const key in value) {
      const member = value[key];
      if (member !== null && typeof member === "object") deepFreeze(member);
    }
  return value;
}
