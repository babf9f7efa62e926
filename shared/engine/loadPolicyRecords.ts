import type { EngineDeps } from "./EngineDeps";
import type { PolicyRecord } from "./ports/PolicyStore";
import { shardOf } from "./shardOf";

/** Which targets one round evaluates. */
export interface RoundOptions {
  /** Only this shard of all targets (the tick function's split). */
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

/** The round's policy items, and every item read to find them (all of them, before the shard's are kept). */
export async function loadRoundRecords(
  deps: Pick<EngineDeps, "policies">,
  options: RoundOptions,
): Promise<{ readonly records: PolicyRecord[]; readonly listed: PolicyRecord[] }> {
  let records: PolicyRecord[];
  if (options.targetIds) {
    const found = await Promise.all(options.targetIds.map((id) => deps.policies.get(id)));
    records = found.filter((r): r is PolicyRecord => r !== undefined);
  } else {
    records = await deps.policies.list();
  }
  const shard = options.shard;
  return {
    records: shard ? records.filter((r) => shardOf(r.targetId, shard.count) === shard.index) : records,
    listed: records,
  };
}
