import { z } from "zod";
import { ConfigError } from "../errors/ConfigError";
import { DEFAULT_TABLE_NAMES } from "./defaultTableNames";

const RuntimeConfigSchema = z.object({
  DRIFTLESS_POLICY_TABLE: z.string().min(1).default(DEFAULT_TABLE_NAMES.policies),
  DRIFTLESS_STATE_TABLE: z.string().min(1).default(DEFAULT_TABLE_NAMES.state),
  DRIFTLESS_HISTORY_TABLE: z.string().min(1).default(DEFAULT_TABLE_NAMES.history),
  AWS_REGION: z.string().min(1, "AWS_REGION must name a region, e.g. us-east-1"),
  /** Prefix of every CloudWatch alarm driftless creates (the alarm rule is scoped to it). */
  DRIFTLESS_ALARM_PREFIX: z.string().min(1).default("driftless-"),
  DRIFTLESS_HISTORY_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  DRIFTLESS_EVALUATION_INTERVAL_S: z.coerce.number().min(1).max(60).default(10),
  DRIFTLESS_SHARDS: z.coerce.number().int().min(1).max(1000).default(1),
  /** Deploy-time ceilings no policy edit can exceed (optional). */
  DRIFTLESS_MAX_REPLICAS_PER_TARGET: z.coerce.number().int().min(1).optional(),
  DRIFTLESS_MAX_GPUS_PER_TARGET: z.coerce.number().int().min(1).optional(),
});

/** The runtime's configuration, read once at cold start from the environment. */
export interface RuntimeConfig {
  readonly tables: { readonly policies: string; readonly state: string; readonly history: string };
  readonly region: string;
  readonly alarmPrefix: string;
  readonly historyTtlDays: number;
  readonly evaluationIntervalS: number;
  readonly shards: number;
  readonly ceilings: { readonly maxReplicas?: number; readonly maxGpus?: number };
}

/**
 * Parses the runtime configuration from an environment map (pass `process.env` at the entry
 * point). Throws a ConfigError naming every missing or invalid variable.
 */
export function loadRuntimeConfig(env: Readonly<Record<string, string | undefined>>): RuntimeConfig {
  const parsed = RuntimeConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? "?")}: ${i.message}`);
    throw new ConfigError(
      `driftless configuration is invalid; set these environment variables:\n${lines.join("\n")}`,
    );
  }
  const c = parsed.data;
  return {
    tables: {
      policies: c.DRIFTLESS_POLICY_TABLE,
      state: c.DRIFTLESS_STATE_TABLE,
      history: c.DRIFTLESS_HISTORY_TABLE,
    },
    region: c.AWS_REGION,
    alarmPrefix: c.DRIFTLESS_ALARM_PREFIX,
    historyTtlDays: c.DRIFTLESS_HISTORY_TTL_DAYS,
    evaluationIntervalS: c.DRIFTLESS_EVALUATION_INTERVAL_S,
    shards: c.DRIFTLESS_SHARDS,
    ceilings: {
      ...(c.DRIFTLESS_MAX_REPLICAS_PER_TARGET === undefined
        ? {}
        : { maxReplicas: c.DRIFTLESS_MAX_REPLICAS_PER_TARGET }),
      ...(c.DRIFTLESS_MAX_GPUS_PER_TARGET === undefined ? {} : { maxGpus: c.DRIFTLESS_MAX_GPUS_PER_TARGET }),
    },
  };
}
