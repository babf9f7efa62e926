import type { InstanceSpec, StageSpec } from "./Trace";

/**
 * The LLM replica of the market-hours ADR (seed 001): one A10G (g5.xlarge), vLLM batching up to 16
 * sequences, prefill about 0.5 s, long generated answers (about 36 s of decode), 2 % slower per extra
 * sequence in the batch. At the policy's 10 ongoing requests a replica then completes about 0.23
 * requests/s (about 850 an hour), inside the ADR's "500-1,000 queries at the p99 target" (read per
 * hour: the only reading under which 10,000 queries a day fit 1-4 replicas).
 */
export const LLM_STAGE: StageSpec = Object.freeze({
  name: "llm",
  firstOutput: { meanS: 0.5, cv: 0.5 },
  service: { meanS: 36, cv: 0.6 },
  maxOngoingRequests: 16,
  batchSlowdown: 0.02,
  modelLoadS: [30, 90] as const,
  gpusPerReplica: 1,
});

/** One GPU per instance (g5.xlarge); ECS GPU-optimised AMI boot to cluster registration 2.5-5 min. */
export const GPU_INSTANCE: InstanceSpec = Object.freeze({
  type: "g5.xlarge",
  gpus: 1,
  bootS: [150, 300] as const,
});
