import { DriftlessError } from "../shared/errors/DriftlessError";
import type { CliContext } from "./CliContext";

/**
 * Throws a DriftlessError when driftless has never heard of `targetId` (no policy, no state), so a
 * typo'd target is refused by name instead of answered with an empty table.
 */
export async function requireKnownTarget(ctx: CliContext, targetId: string): Promise<void> {
  if ((await ctx.policies.get(targetId)) !== undefined) return;
  if ((await ctx.states.get(targetId)) !== undefined) return;
  throw new DriftlessError(
    `no target "${targetId}": no policy and no recorded state; list the targets with: driftless policy list`,
  );
}
