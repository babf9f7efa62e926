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

/**
 * Token-based service time of a 7-8B model (Llama-2-7B / Llama-3-8B, FP16) on one A10G (g5.xlarge),
 * calibrated from published figures (README "Service time from tokens" has the sources):
 * - decode: 31 ms per output token at batch 1, 38 ms at 5, 45 ms at 10, 61 ms at 20 concurrent
 *   requests (Hugging Face's Llama 2 SageMaker benchmark, TGI 1.0.3, Llama-2-7b-hf on ml.g5.2xlarge,
 *   1 x A10G: median ms/token); a line through them is 31 ms x (1 + 0.05 per other request).
 * - prefill: 4,000 input tokens/s, about 50 % of the A10G's 125 TFLOPS FP16 tensor peak (NVIDIA A10
 *   datasheet) at 2 x 8e9 FLOPs per token; plus one decode step (30 ms) of fixed cost per request.
 * - up to 16 requests at once (vLLM batching; Llama-3-8B's grouped-query KV cache holds 16 x 2,048
 *   tokens in the A10G's memory left after the weights).
 */
export const TOKEN_MODEL = Object.freeze({
  prefillTokensPerS: 4000,
  prefillOverheadS: 0.03,
  decodeSPerToken: 0.031,
  decodeBatchSlowdown: 0.05,
});

/** The LLM replica of request traces: service time from each request's tokens (TOKEN_MODEL). */
export const TOKEN_LLM_STAGE: StageSpec = Object.freeze({
  name: "llm",
  // Not drawn when `tokens` is set: the mean request of the Azure code trace (2,048 in, 28 out) for reference.
  firstOutput: { meanS: 0.54, cv: 0 },
  service: { meanS: 0.87, cv: 0 },
  tokens: TOKEN_MODEL,
  maxOngoingRequests: 16,
  batchSlowdown: 0,
  modelLoadS: [30, 90] as const,
  gpusPerReplica: 1,
});
