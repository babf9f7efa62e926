import { groupOfBody } from "./ownership/groupClaims";
import type { PolicyRecord } from "./ports/PolicyStore";

/**
 * What a target is sharded by (shardOf): the Auto Scaling group it may set (capacity mode `direct`, or `auto`,
 * the default, with a group named), so every target on one group is evaluated by one shard and two shards
 * never both set a group; else its own id. Read leniently from the stored body (no validation).
 */
export function shardKeyOf(record: PolicyRecord): string {
  const group = groupOfBody(record.body);
  const target = record.body.target as { capacity?: { mode?: unknown } } | undefined;
  const mode = target?.capacity?.mode;
  return group !== undefined && mode !== "managed" ? `auto-scaling-group:${group}` : record.targetId;
}
