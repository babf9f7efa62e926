import type { RayParams, ResolvedPolicy } from "./ResolvedPolicy";
import { scheduleWindowSpan, type WindowActivity } from "./scheduleWindowActivity";

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
  /** The window that set each Ray parameter in force (absent: the policy's own value), for reasons. */
  readonly setBy: Readonly<Partial<Record<keyof RayParams, string>>>;
}

const NONE_ACTIVE: readonly ActiveWindow[] = Object.freeze([]);
const SET_BY_NONE: ScheduleOverlay["setBy"] = Object.freeze({});

/** The overlay last worked out for a policy, and the stretch of time over which it stands. */
interface CachedOverlay {
  readonly from: number;
  readonly until: number;
  readonly overlay: ScheduleOverlay;
}

// Window activities change only when a window opens or closes, so an overlay stands over the stretch
// where every window's activity does: rounds in between reuse it with two comparisons, asking no window.
const lastOverlays = new WeakMap<ResolvedPolicy, CachedOverlay>();

/**
 * The policy's Ray parameters with every schedule window active at `now` laid over them. Windows
 * apply in list order, so a later window overrides an earlier one field by field (fields a window
 * does not set keep the value beneath). If the combination leaves min_replicas above max_replicas,
 * min_replicas is lowered to max_replicas: a ceiling is never exceeded. When no window is active
 * (or there are none) `ray` is `policy.ray` itself and `active` a shared empty array. Pure: the
 * result depends only on the policy and `now` (a policy's last overlay is kept only to skip rebuilding it;
 * a resolved policy is never changed, so neither are its windows).
 */
export function scheduleOverlay(policy: ResolvedPolicy, now: number): ScheduleOverlay {
  const windows = policy.schedules;
  if (windows.length === 0) return { ray: policy.ray, active: NONE_ACTIVE, setBy: SET_BY_NONE };
  const cached = lastOverlays.get(policy);
  if (cached !== undefined && now >= cached.from && now < cached.until) return cached.overlay;
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  const activities: WindowActivity[] = [];
  for (const window of windows) {
    const span = scheduleWindowSpan(window, now);
    activities.push(span.activity);
    from = Math.max(from, span.from);
    until = Math.min(until, span.until);
  }
  const overlay = overlayOf(policy, activities);
  lastOverlays.set(policy, { from, until, overlay });
  return overlay;
}

/** The overlay of the windows whose activity (in list order) says they are in force. */
function overlayOf(policy: ResolvedPolicy, activities: readonly WindowActivity[]): ScheduleOverlay {
  let ray: Mutable<RayParams> | undefined;
  let active: ActiveWindow[] | undefined;
  let setBy: Partial<Record<keyof RayParams, string>> | undefined;
  for (let i = 0; i < policy.schedules.length; i++) {
    const window = policy.schedules[i]!;
    const activity = activities[i]!;
    if (!activity.active || activity.since === null || activity.until === null) continue;
    ray ??= { ...policy.ray };
    active ??= [];
    active.push({ name: window.name, since: activity.since, until: activity.until });
    setBy ??= {};
    const o = window.overrides;
    const layer = { ray, setBy, name: window.name };
    take(layer, "minReplicas", o.min_replicas);
    take(layer, "maxReplicas", o.max_replicas);
    take(layer, "targetOngoingRequests", o.target_ongoing_requests);
    take(layer, "upscaleDelayS", o.upscale_delay_s);
    take(layer, "downscaleDelayS", o.downscale_delay_s);
    take(layer, "downscaleToZeroDelayS", o.downscale_to_zero_delay_s);
    take(layer, "upscalingFactor", o.upscaling_factor);
    take(layer, "downscalingFactor", o.downscaling_factor);
  }
  if (ray === undefined || active === undefined || setBy === undefined) {
    return { ray: policy.ray, active: NONE_ACTIVE, setBy: SET_BY_NONE };
  }
  if (ray.minReplicas > ray.maxReplicas) ray.minReplicas = ray.maxReplicas;
  return { ray, active, setBy };
}

/** ` of schedule window "NAME"` when a window set the value, else "". */
export function fromWindow(name: string | undefined): string {
  return name === undefined ? "" : ` of schedule window "${name}"`;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Lays one override of a window over the parameters and remembers which window set it. */
function take<K extends keyof RayParams>(
  layer: { ray: Mutable<RayParams>; setBy: Partial<Record<keyof RayParams, string>>; name: string },
  key: K,
  value: RayParams[K] | null | undefined,
): void {
  // Unset (undefined) and Ray's explicit null both leave the value beneath.
  if (value === undefined || value === null) return;
  layer.ray[key] = value;
  layer.setBy[key] = layer.name;
}
