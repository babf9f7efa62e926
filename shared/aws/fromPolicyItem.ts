import type { PolicyRecord } from "../engine/ports/PolicyStore";
import { isPolicyMetadataAttribute } from "./isPolicyMetadataAttribute";
import { stringOr, versionOf } from "./itemFields";

/**
 * The PolicyRecord of a policies-table item: `body` is the item minus the metadata attributes, unvalidated
 * (validation is the caller's). Hand-made items are read leniently: a missing or non-integer version reads
 * as 0 (so a write expecting 0 may replace it), a missing updatedBy/updatedAt as "".
 */
export function fromPolicyItem(item: Record<string, unknown>): PolicyRecord {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (!isPolicyMetadataAttribute(key)) body[key] = value;
  }
  return {
    targetId: stringOr(item.targetId, ""),
    version: versionOf(item.version),
    updatedBy: stringOr(item.updatedBy, ""),
    updatedAt: stringOr(item.updatedAt, ""),
    body,
  };
}
