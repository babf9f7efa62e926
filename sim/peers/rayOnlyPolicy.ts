import { validatePolicy } from "../../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";

/**
 * The Ray Serve `autoscaling_config` inside a driftless policy (its Ray fields only, resolved), as a
 * policy `decide` treats exactly like Ray's default policy (`rayOnly`). `delays: 0` zeroes the three
 * delays, for the pre-fix model that counts the delays itself.
 */
export function rayOnlyPolicy(policy: ResolvedPolicy, delays?: 0): ResolvedPolicy {
  const ray = policy.ray;
  const body: Record<string, unknown> = {
    min_replicas: ray.minReplicas,
    max_replicas: ray.maxReplicas,
    initial_replicas: policy.initialReplicas,
    target_ongoing_requests: ray.targetOngoingRequests,
    upscale_delay_s: delays ?? ray.upscaleDelayS,
    downscale_delay_s: delays ?? ray.downscaleDelayS,
    upscaling_factor: ray.upscalingFactor,
    downscaling_factor: ray.downscalingFactor,
    look_back_period_s: policy.lookBackPeriodS,
    aggregation_function: policy.aggregation,
  };
  if (delays !== undefined) body.downscale_to_zero_delay_s = 0;
  else if (ray.downscaleToZeroDelayS !== undefined)
    body.downscale_to_zero_delay_s = ray.downscaleToZeroDelayS;
  const resolved = validatePolicy(body, "Ray Serve model");
  if (!resolved.rayOnly) throw new Error("a Ray Serve model needs a Ray-only policy");
  return resolved;
}
