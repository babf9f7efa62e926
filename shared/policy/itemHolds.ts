import { type Paused, PausedSchema } from "./PolicySchema";
import { resolvePolicy } from "./parsePolicy";
import type { ResolvedPolicy } from "./ResolvedPolicy";

/** The holds a policy item states validly, read from the raw item alone (see itemHolds). */
export interface ItemHolds {
  readonly paused?: Paused;
  readonly shadow?: true;
}

/**
 * What an item says about holding its target, honoured even when the rest of it is invalid (pause
 * always wins): its `paused` when that is a valid value, and `shadow: true`. `shadow: false` is not
 * taken from an invalid item: a broken edit never switches a shadow target live.
 */
export function itemHolds(body: Record<string, unknown>): ItemHolds {
  const paused = PausedSchema.safeParse(body.paused);
  return {
    ...(body.paused !== undefined && paused.success ? { paused: paused.data } : {}),
    ...(body.shadow === true ? { shadow: true } : {}),
  };
}

/** The last known-good policy with an invalid item's holds applied over it (the same policy when none). */
export function withItemHolds(policy: ResolvedPolicy, holds: ItemHolds): ResolvedPolicy {
  const changes = Object.entries(holds).filter(
    ([key, value]) => policy.spec[key as keyof ItemHolds] !== value,
  );
  if (changes.length === 0) return policy;
  return resolvePolicy({ ...policy.spec, ...holds });
}

/** The holds in words, for `status` and `policy list` (e.g. `paused: "scale_in", shadow: true`). */
export function describeHolds(holds: ItemHolds): string {
  return Object.entries(holds)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
}
