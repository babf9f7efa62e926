/**
 * An independent, deliberately plain transliteration of Ray Serve's default autoscaling policy as
 * /work/shared/reference/ray-serve-autoscaling.md ("the reference page") states it: Ray after the
 * wall-clock delay fix (ray-project/ray PR #62144). It exists only as a test oracle: it is written to be
 * read side by side with the Python (`python/ray/serve/autoscaling_policy.py`,
 * `python/ray/serve/config.py`, `python/ray/serve/_private/autoscaling_state.py`), not to be fast,
 * clever or shared with the production code. Do not import anything from `shared/policy` here.
 *
 * Where the reference page and Ray's source differ, the page is the contract and is followed; each such
 * point is noted in a "Ray source:" comment below. Sources read:
 * - autoscaling_policy.py as of after PR #62144 (with `_DELAY_ELAPSED_EPS_S`, the
 *   `__decision_timestamp` key, `_extract_internal_policy_state` and the Prometheus helpers), and the
 *   PR #62144 patch itself (base blob e80b940cf5 -> 164d9e0fb5);
 * - config.py (AutoscalingConfig with `aggregation_function`; no `target_num_ongoing_requests_per_replica`);
 * - autoscaling_state.py at commit 00215194d8bade9ee1497e308e7568f4d0396b50 and a later version that
 *   wraps the policy in `_apply_autoscaling_config` (bounds in `get_decision_num_replicas` ->
 *   `apply_bounds`, after the policy, in both).
 *
 * Ray source, beyond the per-step notes below:
 * - `register()` (every deploy or config change) resets the policy state to `{}` and, when the config
 *   changed and `initial_replicas` is set, the target to `initial_replicas`: a redeploy forgets a pending
 *   delay. The oracle, like `driftless decide`, takes target and state as given.
 * - Ray's Optional fields accept an explicit `null` (None); this oracle treats null like unset.
 */

/** Ray's `autoscaling_config` with Ray's own (snake_case) field names, deprecated aliases included. */
export interface RayAutoscalingConfig {
  min_replicas?: number;
  max_replicas?: number;
  initial_replicas?: number;
  target_ongoing_requests?: number;
  /**
   * Deprecated name of `target_ongoing_requests` (Ray 2.10 .. 2.32).
   * Ray source: removed from Ray by PR #46392; the current config.py has no such field (and its
   * `get_target_ongoing_requests()` just returns `target_ongoing_requests`). While it existed the new
   * name won when set. The reference page does not list it; driftless accepts it as an alias, so this
   * oracle resolves `target_ongoing_requests ?? target_num_ongoing_requests_per_replica ?? 2`.
   */
  target_num_ongoing_requests_per_replica?: number;
  upscale_delay_s?: number;
  downscale_delay_s?: number;
  downscale_to_zero_delay_s?: number | null;
  upscaling_factor?: number | null;
  downscaling_factor?: number | null;
  smoothing_factor?: number;
  upscale_smoothing_factor?: number | null;
  downscale_smoothing_factor?: number | null;
  look_back_period_s?: number;
  metrics_interval_s?: number;
  aggregation_function?: "mean" | "max" | "min";
}

/** One evaluation's inputs: RUNNING replicas, aggregated total ongoing requests, last target, clock. */
export interface RayContext {
  /** Wall clock, seconds. */
  now: number;
  /** `ctx.current_num_replicas`: RUNNING replicas. */
  current: number;
  /** `ctx.total_num_requests`: aggregated ongoing (queued + running) requests. */
  total: number;
  /** `ctx.target_num_replicas`: the target the autoscaler last decided. */
  target: number;
}

/** The internal policy state: `__decision_counters` and `__decision_timestamp`. */
export interface RayPolicyState {
  counter: number;
  ts: number | null;
}

export const RAY_INITIAL_STATE: RayPolicyState = { counter: 0, ts: null };

/** `_DELAY_ELAPSED_EPS_S` in autoscaling_policy.py. */
const DELAY_ELAPSED_EPS_S = 1e-6;

const DEFAULT_TARGET_ONGOING_REQUESTS = 2;

/** `AutoscalingConfig.get_upscaling_factor()`. */
export function getUpscalingFactor(config: RayAutoscalingConfig): number {
  // Ray: `if self.upscaling_factor: return it; return self.upscale_smoothing_factor or self.smoothing_factor`.
  // The fields are PositiveFloat, so Python truthiness is the same as "is set".
  return config.upscaling_factor ?? config.upscale_smoothing_factor ?? config.smoothing_factor ?? 1.0;
}

/** `AutoscalingConfig.get_downscaling_factor()`. */
export function getDownscalingFactor(config: RayAutoscalingConfig): number {
  return config.downscaling_factor ?? config.downscale_smoothing_factor ?? config.smoothing_factor ?? 1.0;
}

/** `AutoscalingConfig.get_target_ongoing_requests()`, with the pre-2.33 deprecated alias. */
export function getTargetOngoingRequests(config: RayAutoscalingConfig): number {
  return (
    config.target_ongoing_requests ??
    config.target_num_ongoing_requests_per_replica ??
    DEFAULT_TARGET_ONGOING_REQUESTS
  );
}

/**
 * Ray's `AutoscalingConfig` validators (pydantic field types plus `replicas_settings_valid`).
 * Returns the problems; an empty list means Ray would accept the config.
 */
export function rayConfigProblems(config: RayAutoscalingConfig): string[] {
  const problems: string[] = [];
  const nonNegativeInt = (v: number | undefined) => v === undefined || (Number.isInteger(v) && v >= 0);
  const positive = (v: number | null | undefined) => v === undefined || v === null || v > 0;
  const nonNegative = (v: number | null | undefined) => v === undefined || v === null || v >= 0;
  if (!nonNegativeInt(config.min_replicas)) problems.push("min_replicas: NonNegativeInt");
  if (!nonNegativeInt(config.initial_replicas)) problems.push("initial_replicas: NonNegativeInt");
  if (
    config.max_replicas !== undefined &&
    !(Number.isInteger(config.max_replicas) && config.max_replicas >= 1)
  ) {
    problems.push("max_replicas: PositiveInt");
  }
  for (const key of [
    "target_ongoing_requests",
    "target_num_ongoing_requests_per_replica",
    "smoothing_factor",
    "upscale_smoothing_factor",
    "downscale_smoothing_factor",
    "upscaling_factor",
    "downscaling_factor",
    "look_back_period_s",
    "metrics_interval_s",
  ] as const) {
    if (!positive(config[key])) problems.push(`${key}: PositiveFloat`);
  }
  for (const key of ["upscale_delay_s", "downscale_delay_s", "downscale_to_zero_delay_s"] as const) {
    if (!nonNegative(config[key])) problems.push(`${key}: NonNegativeFloat`);
  }
  const min = config.min_replicas ?? 1;
  const max = config.max_replicas ?? 1;
  if (max < min) problems.push("max_replicas must be >= min_replicas");
  if (config.initial_replicas !== undefined) {
    if (config.initial_replicas < min) problems.push("initial_replicas must be >= min_replicas");
    else if (config.initial_replicas > max) problems.push("initial_replicas must be <= max_replicas");
  }
  return problems;
}

/**
 * `_get_cold_start_scale_up_replicas(ctx)`: 0 RUNNING replicas and some load -> scale up at once.
 * Returns null when the fast path does not apply.
 */
function getColdStartScaleUpReplicas(config: RayAutoscalingConfig, ctx: RayContext): number | null {
  if (ctx.current === 0 && ctx.total > 0) {
    return Math.max(Math.ceil(1 * getUpscalingFactor(config)), ctx.target);
  }
  return null;
}

/** `_core_replica_queue_length_policy(ctx)`: the raw (unrounded) desired replica count. */
function coreReplicaQueueLengthPolicy(config: RayAutoscalingConfig, ctx: RayContext): number {
  const numRunningReplicas = ctx.current;
  if (numRunningReplicas === 0) {
    return ctx.target;
  }
  const targetNumRequests = getTargetOngoingRequests(config) * numRunningReplicas;
  const errorRatio = ctx.total / targetNumRequests;
  const desiredNumReplicas = numRunningReplicas * errorRatio;
  return desiredNumReplicas;
}

/** `_apply_scaling_factors(desired, current, config)`. */
function applyScalingFactors(
  desiredNumReplicas: number,
  currentNumReplicas: number,
  config: RayAutoscalingConfig,
): number {
  // From 0 the factor is not applied (Ray PR #61731): the whole desired count is not a "delta".
  if (currentNumReplicas === 0) {
    return Math.ceil(desiredNumReplicas);
  }
  const replicasDelta = desiredNumReplicas - currentNumReplicas;
  const scalingFactor = replicasDelta > 0 ? getUpscalingFactor(config) : getDownscalingFactor(config);
  let scaledNumReplicas = Math.ceil(currentNumReplicas + scalingFactor * replicasDelta);
  // A damped downscale that would be stuck at `current` still moves by one.
  if (Math.ceil(desiredNumReplicas) < currentNumReplicas && scaledNumReplicas === currentNumReplicas) {
    scaledNumReplicas -= 1;
  }
  return scaledNumReplicas;
}

/** `_apply_delay_logic(desired, curr_target, config, policy_state, _now)`. */
function applyDelayLogic(
  desiredNumReplicasIn: number,
  currTargetNumReplicas: number,
  config: RayAutoscalingConfig,
  policyState: RayPolicyState,
  now: number,
): { decision: number; state: RayPolicyState } {
  let desiredNumReplicas = desiredNumReplicasIn;
  let decisionNumReplicas = currTargetNumReplicas;
  let decisionCounter = policyState.counter;
  let decisionTimestamp = policyState.ts;
  const upscaleDelayS = config.upscale_delay_s ?? 30.0;
  const downscaleDelayS = config.downscale_delay_s ?? 600.0;

  if (desiredNumReplicas > currTargetNumReplicas) {
    // Scale up. If the previous decision was to scale down, reset.
    if (decisionCounter < 0) {
      decisionCounter = 0;
      decisionTimestamp = null;
    }
    decisionCounter += 1;
    if (decisionTimestamp === null) {
      decisionTimestamp = now;
    }
    if (now - decisionTimestamp + DELAY_ELAPSED_EPS_S >= upscaleDelayS) {
      decisionCounter = 0;
      decisionTimestamp = null;
      decisionNumReplicas = desiredNumReplicas;
    }
  } else if (desiredNumReplicas < currTargetNumReplicas) {
    // Scale down. If the previous decision was to scale up, reset.
    if (decisionCounter > 0) {
      decisionCounter = 0;
      decisionTimestamp = null;
    }
    decisionCounter -= 1;
    // Downscaling to zero is only allowed from 1 -> 0.
    const isScalingToZero = currTargetNumReplicas === 1;
    let delayS: number;
    if (isScalingToZero) {
      delayS = config.downscale_to_zero_delay_s ?? downscaleDelayS;
    } else {
      delayS = downscaleDelayS;
      desiredNumReplicas = Math.max(1, desiredNumReplicas);
    }
    if (decisionTimestamp === null) {
      decisionTimestamp = now;
    }
    if (now - decisionTimestamp + DELAY_ELAPSED_EPS_S >= delayS) {
      decisionCounter = 0;
      decisionTimestamp = null;
      decisionNumReplicas = desiredNumReplicas;
    }
  } else {
    // Do nothing.
    decisionCounter = 0;
    decisionTimestamp = null;
  }
  return { decision: decisionNumReplicas, state: { counter: decisionCounter, ts: decisionTimestamp } };
}

/** `DeploymentAutoscalingState.apply_bounds(num_replicas)` without target_capacity. */
function applyBounds(numReplicas: number, config: RayAutoscalingConfig): number {
  // Ray source: the lower bound is `initial_replicas` (capacity-adjusted) instead of `min_replicas` while
  // `target_capacity_direction == UP`, and both bounds are scaled by `target_capacity`. Neither exists in
  // a plain autoscaling_config, and the reference page says [min_replicas, max_replicas].
  const lower = config.min_replicas ?? 1;
  const upper = config.max_replicas ?? 1;
  return Math.max(lower, Math.min(upper, numReplicas));
}

/**
 * One autoscaling decision, the reference page's steps 1-6: what
 * `DeploymentAutoscalingState.get_decision_num_replicas` returns with the default policy wrapped by
 * `_apply_autoscaling_config`, plus the policy state it keeps. The decision is the new target.
 */
export function rayReferenceDecide(
  config: RayAutoscalingConfig,
  ctx: RayContext,
  state: RayPolicyState,
): { decision: number; state: RayPolicyState } {
  // 1. Cold start fast path: decide at once, policy state returned unchanged (`ctx.policy_state`).
  const coldStartReplicas = getColdStartScaleUpReplicas(config, ctx);
  if (coldStartReplicas !== null) {
    return { decision: applyBounds(coldStartReplicas, config), state: { ...state } };
  }
  // 2. Raw desired.
  const rawDesired = coreReplicaQueueLengthPolicy(config, ctx);
  // 3. Factors (`_apply_default_params`).
  const scaled = applyScalingFactors(rawDesired, ctx.current, config);
  // 4. Zero bypass: from 0 running replicas a positive wish skips the delay; state unchanged.
  if (ctx.current === 0 && scaled > 0) {
    return { decision: applyBounds(scaled, config), state: { ...state } };
  }
  // 5. Delay, against the UNCLAMPED wish.
  // Ray source: between PR #58857 and PR #61844 `_apply_default_params` clamped to
  // [capacity_adjusted_min, capacity_adjusted_max] BEFORE the delay logic (and again afterwards in
  // autoscaling_state). The post-#62144 code, like the reference page, clamps only afterwards.
  const delayed = applyDelayLogic(Math.max(0, scaled), ctx.target, config, state, ctx.now);
  // 6. Bounds (`autoscaling_state.apply_bounds`), last.
  return { decision: applyBounds(delayed.decision, config), state: delayed.state };
}

/** One step of a `driftless decide` case, in its JSON names. */
export interface RayReferenceStep {
  now: number;
  current_replicas: number;
  total_ongoing_requests: number;
}

/**
 * Runs steps the way `driftless decide` chains them: each step starts from the target and state the
 * step before left; the first target is `targetReplicas ?? steps[0].current_replicas` (not clamped).
 */
export function rayReferenceRun(
  config: RayAutoscalingConfig,
  steps: readonly RayReferenceStep[],
  targetReplicas?: number,
  initialState: RayPolicyState = RAY_INITIAL_STATE,
): { decisions: number[]; target: number; state: RayPolicyState } {
  let target = targetReplicas ?? steps[0]?.current_replicas ?? 0;
  let state: RayPolicyState = { ...initialState };
  const decisions: number[] = [];
  for (const step of steps) {
    const out = rayReferenceDecide(
      config,
      { now: step.now, current: step.current_replicas, total: step.total_ongoing_requests, target },
      state,
    );
    decisions.push(out.decision);
    target = out.decision;
    state = out.state;
  }
  return { decisions, target, state };
}
