import type { Capacity } from "../../policy/PolicySchema";
import type { ProviderScaling } from "../ports/OtherControllers";

/**
 * Who sets a target's instances: driftless (`direct`), ECS's managed scaling (`managed`), or not known yet
 * (`unknown`: capacity `auto` whose provider could not be read), and why when the mode was chosen (`auto`).
 */
export interface EffectiveCapacity {
  readonly mode: "direct" | "managed" | "unknown";
  readonly why: string | null;
}

/**
 * The capacity mode a target runs in, pure. `managed` and `direct` are as stated. `auto` with an Auto
 * Scaling group named is `direct` unless the capacity provider over that group (the one named, else the one
 * whose group it is) has managed scaling ENABLED, then `managed`: never two controllers on one group. A
 * failed provider read makes it `unknown` (the group is held); without a group named, `auto` is `managed`.
 */
export function effectiveCapacity(args: {
  readonly capacity: Capacity | undefined;
  readonly providers: readonly ProviderScaling[];
  readonly providersError: string | null;
}): EffectiveCapacity {
  const { capacity } = args;
  if (capacity === undefined || capacity.mode === "managed") return { mode: "managed", why: null };
  if (capacity.mode === "direct") return { mode: "direct", why: null };
  const group = capacity.auto_scaling_group;
  if (group === undefined)
    return { mode: "managed", why: "capacity auto → managed: no auto_scaling_group named" };
  const provider = providerOver(args.providers, capacity.capacity_provider, group);
  if (provider?.managedScaling === true)
    return {
      mode: "managed",
      why: `capacity auto → managed: provider ${provider.provider} has managed scaling ENABLED`,
    };
  if (provider !== undefined)
    return {
      mode: "direct",
      why: `capacity auto → direct: provider ${provider.provider} has managed scaling off`,
    };
  if (args.providersError !== null)
    return {
      mode: "unknown",
      why: `capacity auto: could not check whether a capacity provider scales group ${group} (${args.providersError}): instances not set until it can be checked`,
    };
  return {
    mode: "direct",
    why: `capacity auto → direct: no capacity provider with managed scaling over group ${group}`,
  };
}

/** The provider named (by name or ARN), else the one over the group. */
export function providerOver(
  providers: readonly ProviderScaling[],
  named: string | undefined,
  group: string | undefined,
): ProviderScaling | undefined {
  return named !== undefined
    ? providers.find((p) => p.provider === named || named.endsWith(`/${p.provider}`))
    : providers.find((p) => group !== undefined && p.group === group);
}
