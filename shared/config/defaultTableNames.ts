/** Local defaults for the table names (the CDK stack passes its own through the environment). */
export const DEFAULT_TABLE_NAMES = {
  policies: "driftless-policies",
  state: "driftless-state",
  history: "driftless-history",
} as const;
