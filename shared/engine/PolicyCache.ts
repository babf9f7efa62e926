import type { ParseResult } from "../policy/parsePolicy";
import { parseStoredPolicy } from "../policy/parseStoredPolicy";
import type { TargetState } from "./ports/TargetState";

/** One policy version as validated, with what every round takes from it, worked out once per version. */
export interface CachedPolicy {
  readonly result: ParseResult;
  /** The body as the state's last known-good (`{ version, body }`) when it validates, else null: one object for every round. */
  readonly asLastKnownGood: TargetState["lastKnownGood"];
}

interface Entry extends CachedPolicy {
  readonly version: number;
  readonly body: Record<string, unknown>;
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
    return this.lookup(args).result;
  }

  /** The cached validation of this target's `version` with an equal body (validated now on a miss). */
  lookup(args: {
    readonly targetId: string;
    readonly version: number;
    readonly body: Record<string, unknown>;
  }): CachedPolicy {
    const entries = this.byTarget.get(args.targetId);
    // A plain loop: this runs for every target in every round.
    if (entries !== undefined) {
      for (const e of entries) if (e.version === args.version && sameJson(e.body, args.body)) return e;
    }
    this.validations++;
    const result = parseStoredPolicy(args.body);
    const entry: Entry = {
      version: args.version,
      body: args.body,
      result,
      asLastKnownGood: result.ok ? Object.freeze({ version: args.version, body: args.body }) : null,
    };
    const kept = (entries ?? []).filter((e) => e.version !== args.version).slice(-(VERSIONS_PER_TARGET - 1));
    this.byTarget.set(args.targetId, [...kept, entry]);
    return entry;
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
