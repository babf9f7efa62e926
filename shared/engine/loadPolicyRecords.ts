import type { EngineDeps } from "./EngineDeps";
import type { PolicyRecord } from "./ports/PolicyStore";
import { shardKeyOf } from "./shardKeyOf";
import { shardOf } from "./shardOf";

/** Which targets one round evaluates. */
export interface RoundOptions {
  /** Only this shard of all targets (the tick function's split; the targets on one Auto Scaling group share one). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Only these targets (the alarm function, `driftless tick --target`). */
  readonly targetIds?: readonly string[];
}

/** The policy items of the round's targets: the listed ones (those that exist) or all, then the shard's. */
export async function loadPolicyRecords(
  deps: Pick<EngineDeps, "policies">,
  options: RoundOptions,
): Promise<PolicyRecord[]> {
  return (await loadRoundRecords(deps, options)).records;
}

/** The round's policy items, and every stored item (so rival claims on a service are seen in any round). */
export async function loadRoundRecords(
  deps: Pick<EngineDeps, "policies">,
  options: RoundOptions,
): Promise<{ readonly records: PolicyRecord[]; readonly listed: PolicyRecord[] }> {
  if (options.targetIds) {
    // Every item is listed too, so a round for a few targets (an alarm's) still sees a rival claiming one
    // of their services; that costs one Scan beside the consistent reads of the round's own items.
    const [found, listed] = await Promise.all([
      Promise.all(options.targetIds.map((id) => deps.policies.get(id))),
      deps.policies.list(),
    ]);
    return { records: found.filter((r): r is PolicyRecord => r !== undefined), listed };
  }
  const records = await deps.policies.list();
  const shard = options.shard;
  return {
    records: shard ? records.filter((r) => shardOf(shardKeyOf(r), shard.count) === shard.index) : records,
    listed: records,
  };
}
