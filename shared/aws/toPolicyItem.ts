import type { PolicyRecord } from "../engine/ports/PolicyStore";
import { isPolicyMetadataAttribute } from "./isPolicyMetadataAttribute";

/**
 * The flat policies-table item for `record` at `version`: the policy fields at the top level (so operators
 * can edit them in the console) plus targetId, version, updatedBy and updatedAt. Body keys named like a
 * metadata attribute are dropped, so the body can never overwrite the key or the version.
 */
export function toPolicyItem(
  record: Omit<PolicyRecord, "version">,
  version: number,
): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.body)) {
    if (!isPolicyMetadataAttribute(key)) item[key] = value;
  }
  item.targetId = record.targetId;
  item.version = version;
  item.updatedBy = record.updatedBy;
  item.updatedAt = record.updatedAt;
  return item;
}
