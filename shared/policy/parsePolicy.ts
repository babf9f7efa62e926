import { PolicyValidationError } from "../errors/PolicyValidationError";
import type { ValidationProblem } from "../errors/ValidationProblem";
import { zodProblems } from "../errors/zodProblems";
import {
  DEFAULT_COLD_START_S,
  DEFAULT_GPUS_PER_TASK,
  type Policy,
  PolicySchema,
  RAY_DEFAULTS,
} from "./PolicySchema";
import { resolvePredictive } from "./PredictiveSchema";
import { policyConsistencyProblems } from "./policyConsistencyProblems";
import type { RayParams, ResolvedPolicy, ResolvedScheduleWindow } from "./ResolvedPolicy";
import { unnestRayConfig } from "./unnestRayConfig";

/** `warnings`: fields accepted but worth telling the operator about (e.g. ones Ray Serve no longer reads). */
export type ParseResult =
  | { readonly ok: true; readonly policy: ResolvedPolicy; readonly warnings?: readonly ValidationProblem[] }
  | {
      readonly ok: false;
      readonly problems: readonly ValidationProblem[];
      readonly warnings?: readonly ValidationProblem[];
    };

/**
 * Validates a raw policy item and resolves it. Never throws: on failure it returns every problem
 * (schema and cross-field alike) with its JSON path, so one edit can fix them all.
 */
export function parsePolicy(written: unknown): ParseResult {
  // Ray's nested autoscaling_config is read flat; problems are reported at the paths as written.
  const { flat: raw, problems: nesting, warnings, located } = unnestRayConfig(written);
  const parsed = PolicySchema.safeParse(raw);
  const problems: ValidationProblem[] = parsed.success ? [] : zodProblems(parsed.error);
  problems.push(...policyConsistencyProblems(raw, problems));
  if (problems.length > 0 || nesting.length > 0 || !parsed.success) {
    return { ok: false, problems: dedupe([...nesting, ...problems.map(located)]), warnings };
  }
  return { ok: true, policy: resolvePolicy(parsed.data), warnings };
}

/** Like parsePolicy, but throws a PolicyValidationError listing every problem. */
export function validatePolicy(raw: unknown, subject?: string): ResolvedPolicy {
  const result = parsePolicy(raw);
  if (!result.ok) throw new PolicyValidationError(result.problems, subject ? { subject } : undefined);
  return result.policy;
}

/**
 * Resolves defaults, deprecated aliases and lead times of a schema-valid policy. A canonical Ray field
 * wins over its deprecated alias; Ray's defaults (RAY_DEFAULTS, from the schema) fill what neither sets.
 */
export function resolvePolicy(spec: Policy): ResolvedPolicy {
  const minReplicas = spec.min_replicas ?? RAY_DEFAULTS.min_replicas;
  const ray: RayParams = {
    minReplicas,
    maxReplicas: spec.max_replicas ?? RAY_DEFAULTS.max_replicas,
    targetOngoingRequests:
      spec.target_ongoing_requests ??
      spec.target_num_ongoing_requests_per_replica ??
      RAY_DEFAULTS.target_ongoing_requests,
    upscaleDelayS: spec.upscale_delay_s ?? RAY_DEFAULTS.upscale_delay_s,
    downscaleDelayS: spec.downscale_delay_s ?? RAY_DEFAULTS.downscale_delay_s,
    downscaleToZeroDelayS: spec.downscale_to_zero_delay_s ?? undefined,
    upscalingFactor:
      spec.upscaling_factor ??
      spec.upscale_smoothing_factor ??
      spec.smoothing_factor ??
      RAY_DEFAULTS.upscaling_factor,
    downscalingFactor:
      spec.downscaling_factor ??
      spec.downscale_smoothing_factor ??
      spec.smoothing_factor ??
      RAY_DEFAULTS.downscaling_factor,
  };
  const defaultLeadS =
    (spec.target?.cold_start_s ?? DEFAULT_COLD_START_S) +
    (spec.target?.capacity ? spec.target.capacity.instance_boot_s : 0);
  const defaultWarmLeadS =
    (spec.target?.cold_start_s ?? DEFAULT_COLD_START_S) +
    (spec.target?.capacity ? spec.target.capacity.instance_restart_s : 0);
  const schedules: ResolvedScheduleWindow[] = spec.schedules.map((w) => ({
    ...w,
    leadS: w.ready_at_start ? (w.lead_time_s ?? defaultLeadS) : 0,
  }));
  const rayOnly =
    spec.target === undefined &&
    spec.load === undefined &&
    spec.schedules.length === 0 &&
    spec.slo === undefined &&
    spec.group === undefined &&
    spec.paused === false &&
    spec.limits.max_step_up === undefined &&
    spec.limits.max_up_per_minute === undefined &&
    spec.limits.max_gpus === undefined &&
    spec.limits.max_cost_per_hour === undefined &&
    spec.limits.scale_in_pause_s === 0 &&
    spec.predictive.mode !== "forecast_and_scale";
  return {
    spec,
    ray,
    initialReplicas: spec.initial_replicas ?? minReplicas,
    lookBackPeriodS: spec.look_back_period_s ?? RAY_DEFAULTS.look_back_period_s,
    aggregation: spec.aggregation_function ?? RAY_DEFAULTS.aggregation_function,
    metricsIntervalS: spec.metrics_interval_s ?? RAY_DEFAULTS.metrics_interval_s,
    target: spec.target,
    load: spec.load,
    schedules,
    slo: spec.slo,
    group: spec.group,
    limits: spec.limits,
    pending: spec.pending,
    lead: spec.lead,
    paused: spec.paused === true,
    pausedDirection: spec.paused === "scale_in" || spec.paused === "scale_out" ? spec.paused : null,
    shadow: spec.shadow,
    fallback: spec.fallback,
    predictive: resolvePredictive(spec.predictive, { defaultLeadS, defaultWarmLeadS }),
    gpusPerTask: spec.target?.capacity?.gpus_per_task ?? DEFAULT_GPUS_PER_TASK,
    rayOnly,
  };
}

function dedupe(problems: ValidationProblem[]): ValidationProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
