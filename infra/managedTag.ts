/**
 * The tag that marks ECS services and Auto Scaling groups driftless may scale when no cluster or group
 * names are given at deploy time (the IAM policy then matches it with an `aws:ResourceTag` condition).
 */
export const MANAGED_TAG = { key: "driftless:managed", value: "true" } as const;
