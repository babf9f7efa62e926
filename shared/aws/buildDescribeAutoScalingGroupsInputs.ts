import type { DescribeAutoScalingGroupsCommandInput } from "@aws-sdk/client-auto-scaling";
import { chunk } from "./chunk";

/** Names per DescribeAutoScalingGroups call: the API's default limit (it allows more only with MaxRecords). */
export const DESCRIBE_GROUPS_MAX_NAMES = 50;
/** The largest page DescribeAutoScalingGroups returns. */
export const DESCRIBE_GROUPS_MAX_RECORDS = 100;

/**
 * The DescribeAutoScalingGroups inputs for these group names: duplicates once, 50 names per call, pages of
 * 100. No inputs for no names: a call without names would describe every group in the account.
 */
export function buildDescribeAutoScalingGroupsInputs(
  groupNames: readonly string[],
): DescribeAutoScalingGroupsCommandInput[] {
  return chunk([...new Set(groupNames)], DESCRIBE_GROUPS_MAX_NAMES).map((names) => ({
    AutoScalingGroupNames: names,
    MaxRecords: DESCRIBE_GROUPS_MAX_RECORDS,
  }));
}
