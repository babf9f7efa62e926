import { POLICY_METADATA_ATTRIBUTES } from "./tableDefinitions";

/** True for the policy-item attributes that are driftless's bookkeeping rather than policy fields. */
export function isPolicyMetadataAttribute(key: string): boolean {
  return (POLICY_METADATA_ATTRIBUTES as readonly string[]).includes(key);
}
