import type { DecisionInput } from "./decide";
import type { RayParams, ResolvedPolicy } from "./ResolvedPolicy";
import { fromWindow, type ScheduleOverlay } from "./scheduleOverlay";

/** The replica bounds one decision applies, and what set each of them (for the reason). */
export interface EffectiveBounds {
  readonly min: number;
  readonly max: number;
  /** The bound that raised a count, e.g. `min_replicas 3 of schedule window "peak"`. */
  readonly minWhy: string;
  /** The bound that lowered a count, e.g. `max 4 from limits.max_gpus`. */
  readonly maxWhy: string;
  /** Trace suffix naming the cap that lowered max_replicas, or "". */
  readonly capNote: string;
}

/** What the bounds depend on: the policy, the Ray parameters in force, the windows that set them, the input. */
export interface BoundsArgs {
  readonly policy: ResolvedPolicy;
  readonly ray: RayParams;
  readonly overlay: Pick<ScheduleOverlay, "setBy"> | undefined;
  readonly input: Pick<DecisionInput, "ceilings">;
}

/** The bounds last worked out for a policy, with what they were worked out from. */
interface CachedBounds {
  readonly ray: RayParams;
  readonly minSetBy: string | undefined;
  readonly maxSetBy: string | undefined;
  readonly ceilingReplicas: number | undefined;
  readonly ceilingGpus: number | undefined;
  readonly bounds: EffectiveBounds;
}

// Bounds change only with the Ray parameters in force (a shared object between window changes) and the
// ceilings: rounds in between reuse them instead of rebuilding their reasons.
const lastBounds = new WeakMap<ResolvedPolicy, CachedBounds>();

/**
 * The [min, max] a decision is clamped to: the Ray bounds in force (schedules overlaid), max
 * lowered by the deploy-time ceilings, limits.max_gpus and limits.max_cost_per_hour (the lowest
 * wins), and min never above max: a ceiling is never exceeded, not even by a minimum. Pure: a
 * policy's last bounds are kept only to skip rebuilding them.
 */
export function effectiveBounds(args: BoundsArgs): EffectiveBounds {
  const { policy, ray, overlay, input } = args;
  const minSetBy = overlay?.setBy.minReplicas;
  const maxSetBy = overlay?.setBy.maxReplicas;
  const ceilingReplicas = input.ceilings?.maxReplicas;
  const ceilingGpus = input.ceilings?.maxGpus;
  const cached = lastBounds.get(policy);
  if (
    cached !== undefined &&
    cached.ray === ray &&
    cached.minSetBy === minSetBy &&
    cached.maxSetBy === maxSetBy &&
    cached.ceilingReplicas === ceilingReplicas &&
    cached.ceilingGpus === ceilingGpus
  ) {
    return cached.bounds;
  }
  const bounds = boundsOf(args);
  lastBounds.set(policy, { ray, minSetBy, maxSetBy, ceilingReplicas, ceilingGpus, bounds });
  return bounds;
}

function boundsOf(args: BoundsArgs): EffectiveBounds {
  const { policy, ray, overlay, input } = args;
  let max = ray.maxReplicas;
  let maxWhy = `max_replicas ${max}${fromWindow(overlay?.setBy.maxReplicas)}`;
  let capNote = "";
  for (const [cap, name] of replicaCaps(policy, input)) {
    if (cap !== undefined && cap < max) {
      max = Math.max(0, cap);
      maxWhy = `max ${max} from ${name}`;
      capNote = `, max lowered by ${name}`;
    }
  }
  const min = Math.min(ray.minReplicas, max);
  const minSet = `min_replicas ${ray.minReplicas}${fromWindow(overlay?.setBy.minReplicas)}`;
  const minWhy = min < ray.minReplicas ? `${minSet} capped at ${maxWhy}` : minSet;
  return { min, max, minWhy, maxWhy, capNote };
}

/** Every cap on the replica count other than max_replicas, with its name. */
function replicaCaps(
  policy: ResolvedPolicy,
  input: Pick<DecisionInput, "ceilings">,
): [number | undefined, string][] {
  const perTask = policy.gpusPerTask;
  const { max_gpus: maxGpus, max_cost_per_hour: maxCost, gpu_hour_cost: gpuHourCost } = policy.limits;
  const ceilingGpus = input.ceilings?.maxGpus;
  return [
    [input.ceilings?.maxReplicas, "deploy-time replica ceiling"],
    [ceilingGpus === undefined ? undefined : Math.floor(ceilingGpus / perTask), "deploy-time GPU ceiling"],
    [maxGpus === undefined ? undefined : Math.floor(maxGpus / perTask), "limits.max_gpus"],
    [
      maxCost === undefined || gpuHourCost === undefined
        ? undefined
        : Math.floor(maxCost / (gpuHourCost * perTask) + 1e-9),
      "limits.max_cost_per_hour",
    ],
  ];
}
