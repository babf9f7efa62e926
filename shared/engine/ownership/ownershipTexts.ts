import type { ApplicationScaling } from "../ports/OtherControllers";
import { serviceKey } from "./serviceClaim";

/** Why a target shares its service with other targets, and what to do (the engine's hold and the CLI's problem). */
export function rivalText(cluster: string, service: string, rivals: readonly string[]): string {
  return (
    `ECS service ${serviceKey(cluster, service)} is also claimed by target ${rivals.join(", ")}: ` +
    "driftless acts for none of them until only one policy names the service (delete or retarget the others)"
  );
}

/** Why Application Auto Scaling owns the service, and the two ways to hand it over. */
export function applicationScalingText(s: ApplicationScaling): string {
  const parts = [
    s.scalingPolicies.length > 0 ? `scaling policies ${s.scalingPolicies.join(", ")}` : "",
    s.scheduledActions.length > 0 ? `scheduled actions ${s.scheduledActions.join(", ")}` : "",
  ].filter((p) => p !== "");
  return (
    `Application Auto Scaling scales ${s.resourceId} (${parts.join("; ")}): driftless does not act on it. ` +
    "Hand over: deregister the scalable target (aws application-autoscaling deregister-scalable-target " +
    `--service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id ${s.resourceId}) ` +
    'or delete its scaling policies and scheduled actions; or set "shadow": true to run driftless beside it without acting'
  );
}

/** Why capacity mode `direct` cannot set the group of a provider with managed scaling. */
export function managedScalingText(provider: string): string {
  return (
    `capacity provider ${provider} has managed scaling ENABLED: ECS scales its Auto Scaling group itself, ` +
    'so capacity mode "direct" would fight it; use mode "managed", or turn managed scaling off on the provider'
  );
}

/** Why driftless could not tell whether another controller scales the service. */
export function unreadText(what: string, error: string): string {
  return `could not check ${what} (${error}): not acting until it can be checked`;
}
