/** The arrival rate at one instant: `t` seconds after the trace's start, `rps` requests per second. */
export interface RatePoint {
  readonly t: number;
  readonly rps: number;
}

/** A log-normal duration: its mean and coefficient of variation (sd / mean). */
export interface Duration {
  readonly meanS: number;
  readonly cv: number;
}

/**
 * One simulated service (an ECS service, a Ray deployment): how its replicas serve and start.
 * An LLM replica serves up to `maxOngoingRequests` requests at once; a request's first output
 * comes after `firstOutput` (prefill), and it completes `service` later (decode). Both stretch by
 * `batchSlowdown` for every other request the replica is serving when it starts (batching).
 */
export interface StageSpec {
  readonly name: string;
  /** Time to the first output (LLM prefill); what TTFT adds to queueing. */
  readonly firstOutput: Duration;
  /** Processing after the first output (LLM decode; a pipeline stage's whole work). */
  readonly service: Duration;
  /** Probability that a request's processing spikes (input complexity), and the spike's factor range. */
  readonly spike?: { readonly probability: number; readonly factor: readonly [number, number] };
  readonly maxOngoingRequests: number;
  readonly batchSlowdown: number;
  /** Seconds to load the model on a GPU, drawn uniformly from this range. */
  readonly modelLoadS: readonly [number, number];
  readonly gpusPerReplica: number;
  /**
   * Service time from a request's tokens (request traces): when set, `firstOutput` and `service` are
   * not drawn; prefill and decode come from the request's input and output tokens instead.
   */
  readonly tokens?: TokenServiceModel;
  /** Share of the end-to-end SLA this stage may use (pipelines: the stage's latency budget). */
  readonly budgetShare?: number;
}

/**
 * How long a request takes from its tokens on one GPU replica (vLLM-style continuous batching): its
 * prefill (`input tokens / prefillTokensPerS + prefillOverheadS`) runs after the replica's earlier
 * prefills, one at a time (prefill is compute-bound), and its first token comes when it ends; then it
 * decodes its output tokens at `decodeSPerToken` each, slowed by `decodeBatchSlowdown` for every
 * other request the replica is serving when it starts (decode is memory-bound and batches well).
 */
export interface TokenServiceModel {
  readonly prefillTokensPerS: number;
  readonly prefillOverheadS: number;
  readonly decodeSPerToken: number;
  readonly decodeBatchSlowdown: number;
}

/** A request log replayed as it is: each request's arrival (seconds after the start) and its tokens. */
export interface RequestLog {
  /** Ascending. */
  readonly t: Float64Array;
  readonly inputTokens: Float64Array;
  readonly outputTokens: Float64Array;
}

/** The GPU instances replicas run on. */
export interface InstanceSpec {
  readonly type: string;
  readonly gpus: number;
  /** Seconds from launch until an instance can place tasks, drawn uniformly from this range. */
  readonly bootS: readonly [number, number];
}

/** A workload to simulate: the request rate over time and the services that serve it. */
export interface Trace {
  readonly name: string;
  readonly description: string;
  /** Epoch seconds of t = 0 (schedules are evaluated against real calendar time). */
  readonly start: number;
  readonly durationS: number;
  /** Time zone used to label charts (the trace's business hours). */
  readonly timezone: string;
  /** The rate, linearly interpolated between points (repeat a time for a step). */
  readonly rate: readonly RatePoint[];
  /** Seconds after start at which bursts begin (for the scale-out reaction figures). */
  readonly onsets: readonly number[];
  /** The SLO: time to first token of the LLM, or end-to-end latency of a pipeline. */
  readonly slo: { readonly metric: "ttft" | "e2e"; readonly targetMs: number };
  /** Services in request order: one for an LLM, several for a sequential pipeline. */
  readonly stages: readonly StageSpec[];
  readonly instance: InstanceSpec;
  /** A request log to replay instead of drawing Poisson arrivals along `rate` (then `rate` only describes it). */
  readonly requests?: RequestLog;
  /**
   * Results count only requests arriving from this many seconds after the start, and GPU-hours
   * accrued from then on (earlier days are history to learn from). @default 0
   */
  readonly measureFromS?: number;
}
