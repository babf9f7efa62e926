import { SETTINGS_ITEM_ID } from "../engine/ports/StateStore";

/**
 * The three tables' key schemas and attribute names, shared by the CDK stack and
 * `driftless local bootstrap`, so both create exactly the same tables.
 */
export const POLICY_TABLE = {
  partitionKey: "targetId",
  /** Operators edit items here; the stream feeds the policy-sync function. */
  stream: "NEW_AND_OLD_IMAGES",
} as const;

export const STATE_TABLE = {
  partitionKey: "targetId",
  /** The global settings item (kill switch, ceilings) lives in the state table under this key. */
  settingsKey: SETTINGS_ITEM_ID,
} as const;

export const HISTORY_TABLE = {
  partitionKey: "targetId",
  /** Epoch milliseconds of the decision. */
  sortKey: "at",
  /** Epoch seconds after which DynamoDB's TTL deletes the item. */
  ttlAttribute: "expiresAt",
} as const;

/** Policy item attributes that are driftless's bookkeeping, not policy fields. */
export const POLICY_METADATA_ATTRIBUTES = ["targetId", "version", "updatedBy", "updatedAt"] as const;
