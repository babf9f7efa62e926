import type { RayParams, ResolvedPolicy } from "./ResolvedPolicy";
import { scheduleWindowActivity } from "./scheduleWindowActivity";

/** A schedule window in force, with when it was meant to take effect and when it ends (epoch seconds). */
export interface ActiveWindow {
  readonly name: string;
  readonly since: number;
  readonly until: number;
}

/** The Ray parameters in force at one instant and the windows that shaped them. */
export interface ScheduleOverlay {
  readonly ray: RayParams;
  readonly active: readonly ActiveWindow[];
  /** The window whose min_replicas is in force (even when it was lowered to the max), if any. */
  readonly minFrom?: string;
  /** The window whose max_replicas is in force, if any. */
  readonly maxFrom?: string;
}

const NONE_ACTIVE: readonly ActiveWindow[] = Object.freeze([]);

/**
 * The policy's Ray parameters with every schedule window active at `now` laid over them. Windows
 * apply in list order, so a later window overrides an earlier one field by field (fields a window
 * does not set keep the value beneath). If the combination leaves min_replicas above max_replicas,
 * min_replicas is lowered to max_replicas: a ceiling is never exceeded. When no window is active
 * (or there are none) `ray` is `policy.ray` itself and `active` a shared empty array.
 */
export function scheduleOverlay(policy: ResolvedPolicy, now: number): ScheduleOverlay {
  const windows = policy.schedules;
  if (windows.length === 0) return { ray: policy.ray, active: NONE_ACTIVE };
  let ray: Mutable<RayParams> | undefined;
  let active: ActiveWindow[] | undefined;
  let minFrom: string | undefined;
  let maxFrom: string | undefined;
  for (const window of windows) {
    const activity = scheduleWindowActivity(window, now);
    if (!activity.active || activity.since === null || activity.until === null) continue;
    ray ??= { ...policy.ray };
    active ??= [];
    active.push({ name: window.name, since: activity.since, until: activity.until });
    const o = window.overrides;
    if (o.min_replicas !== undefined) {
      ray.minReplicas = o.min_replicas;
      minFrom = window.name;
    }
    if (o.max_replicas !== undefined) {
      ray.maxReplicas = o.max_replicas;
      maxFrom = window.name;
    }
    if (o.target_ongoing_requests !== undefined) ray.targetOngoingRequests = o.target_ongoing_requests;
    if (o.upscale_delay_s !== undefined) ray.upscaleDelayS = o.upscale_delay_s;
    if (o.downscale_delay_s !== undefined) ray.downscaleDelayS = o.downscale_delay_s;
    if (o.downscale_to_zero_delay_s != null) ray.downscaleToZeroDelayS = o.downscale_to_zero_delay_s;
    if (o.upscaling_factor != null) ray.upscalingFactor = o.upscaling_factor;
    if (o.downscaling_factor != null) ray.downscalingFactor = o.downscaling_factor;
  }
  if (ray === undefined || active === undefined) return { ray: policy.ray, active: NONE_ACTIVE };
  if (ray.minReplicas > ray.maxReplicas) ray.minReplicas = ray.maxReplicas;
  return {
    ray,
    active,
    ...(minFrom === undefined ? {} : { minFrom }),
    ...(maxFrom === undefined ? {} : { maxFrom }),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
