import type { Lead } from "./LeadSchema";
import type {
  Fallback,
  Group,
  Limits,
  Load,
  Pending,
  Policy,
  ScheduleWindow,
  Slo,
  Target,
} from "./PolicySchema";
import type { ResolvedPredictive } from "./PredictiveSchema";

/** The Ray parameters one decision uses, after aliases are resolved and schedules overlaid. */
export interface RayParams {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetOngoingRequests: number;
  readonly upscaleDelayS: number;
  readonly downscaleDelayS: number;
  /** Undefined: the 1 -> 0 step uses downscaleDelayS, as in Ray. */
  readonly downscaleToZeroDelayS: number | undefined;
  readonly upscalingFactor: number;
  readonly downscalingFactor: number;
}

/** A schedule window with its lead time worked out. */
export interface ResolvedScheduleWindow extends ScheduleWindow {
  /** Seconds before `start` at which the window takes effect (0 unless ready_at_start). */
  readonly leadS: number;
}

/** A validated policy with every default, alias and derived number resolved once, at the edge. */
export interface ResolvedPolicy {
  /** The validated policy item, defaults filled in (what `policy get` shows). */
  readonly spec: Policy;
  readonly ray: RayParams;
  readonly initialReplicas: number;
  readonly lookBackPeriodS: number;
  readonly aggregation: "mean" | "max" | "min";
  readonly metricsIntervalS: number;
  readonly target: Target | undefined;
  readonly load: Load | undefined;
  readonly schedules: readonly ResolvedScheduleWindow[];
  readonly slo: Slo | undefined;
  readonly group: Group | undefined;
  readonly limits: Limits;
  readonly pending: Pending;
  /** Lead-time–aware sizing (see LeadSchema). */
  readonly lead: Lead;
  /** Paused entirely (`paused: true`): decide nothing. */
  readonly paused: boolean;
  /** The one direction `paused` holds (`"scale_in"` / `"scale_out"`), null when none or both. */
  readonly pausedDirection: "scale_in" | "scale_out" | null;
  /** Shadow mode: decided and recorded as if live, never acted on. */
  readonly shadow: boolean;
  readonly fallback: Fallback;
  /** The forecast floor (see PredictiveSchema); mode `off` unless the policy sets it. */
  readonly predictive: ResolvedPredictive;
  readonly gpusPerTask: number;
  /** True when only Ray fields are in use: decisions must equal Ray Serve's, step for step. */
  readonly rayOnly: boolean;
}
