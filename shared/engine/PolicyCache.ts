import type { ParseResult } from "../policy/parsePolicy";
import { parseStoredPolicy } from "../policy/parseStoredPolicy";

interface Entry {
  readonly version: number;
  readonly body: Record<string, unknown>;
  readonly result: ParseResult;
}

/** Versions kept per target: the stored policy and the last known-good one it may fall back to. */
const VERSIONS_PER_TARGET = 2;

/**
 * Validated policies by target and version, so each policy version is validated once per process instead of
 * once per round. An explicit object owned by whoever builds the engine's dependencies (one per Lambda
 * container, per CLI process, per simulation), never module state. A body is validated again when its
 * version changes, or when the same version comes with a different body (an item edited by hand without
 * bumping its version, or deleted and created again), so the cache never answers for a body it did not see.
 */
export class PolicyCache {
  private readonly byTarget = new Map<string, Entry[]>();
  /** How many bodies were validated (cache misses), for tests and benchmarks. */
  validations = 0;

  /** parseStoredPolicy(body), from the cache when this target's `version` was validated with an equal body. */
  parse(args: {
    readonly targetId: string;
    readonly version: number;
    readonly body: Record<string, unknown>;
  }): ParseResult {
    const entries = this.byTarget.get(args.targetId) ?? [];
    const hit = entries.find((e) => e.version === args.version && sameJson(e.body, args.body));
    if (hit) return hit.result;
    this.validations++;
    const entry: Entry = { version: args.version, body: args.body, result: parseStoredPolicy(args.body) };
    const kept = entries.filter((e) => e.version !== args.version).slice(-(VERSIONS_PER_TARGET - 1));
    this.byTarget.set(args.targetId, [...kept, entry]);
    return entry.result;
  }
}

/** Deep equality of two JSON-like values (what a policy item holds); the same object is equal at once. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((k) => Object.hasOwn(recordB, k) && sameJson(recordA[k], recordB[k]));
}
