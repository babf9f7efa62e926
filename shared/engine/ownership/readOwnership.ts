import type { EngineDeps } from "../EngineDeps";
import { errorText } from "../errorText";
import type { ApplicationScaling, ProviderScaling } from "../ports/OtherControllers";
import type { PolicyRecord } from "../ports/PolicyStore";
import { claimConflicts } from "./claimConflicts";
import { groupClaims } from "./groupClaims";
import { groupSettings } from "./groupSettings";
import type { OwnershipFacts } from "./OwnershipFacts";
import { rememberedFacts } from "./OwnershipMemo";
import type { OwnedTarget } from "./ownershipVerdict";
import { claimOfBody, type ServiceClaim, scalableResourceId } from "./serviceClaim";

/**
 * The read step of the ownership rule, once per round (or `status`) and batched: which targets share a service (from
 * every policy item listed, so a shard still sees the targets of other shards), which runnable targets'
 * services Application Auto Scaling scales, which of their capacity providers ECS scales itself, and the
 * targets on each Auto Scaling group (whose tasks sum, and whose settings must agree).
 * A failed read is recorded, never thrown: the verdict then holds what it could not check. With nothing to
 * ask, the facts of a round over the same items and targets are the last round's (`memory.ownership`).
 */
export function readOwnership(
  deps: Pick<EngineDeps, "appScaling" | "capacityProviders"> & {
    readonly memory?: Pick<EngineDeps["memory"], "ownership">;
  },
  args: { readonly runnable: readonly OwnedTarget[]; readonly listed: readonly PolicyRecord[] },
): Promise<OwnershipFacts> {
  const askAny = deps.appScaling !== undefined || deps.capacityProviders !== undefined;
  const remembered = askAny ? undefined : rememberedFacts(deps.memory?.ownership, args);
  // Already known: an already resolved promise, not an async call (its frame and promise, every round).
  if (remembered !== undefined) return Promise.resolve(remembered);
  return rememberRead(deps, args, askAny);
}

async function rememberRead(
  deps: Parameters<typeof readOwnership>[0],
  args: { readonly runnable: readonly OwnedTarget[]; readonly listed: readonly PolicyRecord[] },
  askAny: boolean,
): Promise<OwnershipFacts> {
  const facts = await readFacts(deps, args);
  if (!askAny && deps.memory !== undefined) deps.memory.ownership.last = { ...args, facts };
  return facts;
}

async function readFacts(
  deps: Pick<EngineDeps, "appScaling" | "capacityProviders">,
  args: { readonly runnable: readonly OwnedTarget[]; readonly listed: readonly PolicyRecord[] },
): Promise<OwnershipFacts> {
  const rivals = claimConflicts(roundClaims(args.runnable, args.listed));
  const claims = groupClaims(args);
  // Only a round that can ask Application Auto Scaling builds the services' resource ids.
  const resourceIds = deps.appScaling
    ? [...new Set(args.runnable.map((t) => scalableResourceId(t.cluster, t.service)))]
    : [];
  // Direct targets, and `auto` ones naming a group: whether a provider scales the group decides their mode.
  const direct = args.runnable.filter((t) => {
    const capacity = t.policy.target?.capacity;
    return (
      capacity?.mode === "direct" || (capacity?.mode === "auto" && capacity.auto_scaling_group !== undefined)
    );
  });
  const { providers, clusters } = providersToAsk(direct);
  const askScalers = deps.appScaling !== undefined && resourceIds.length > 0;
  const askProviders = deps.capacityProviders !== undefined && providers.length + clusters.length > 0;
  // Nothing to ask (no such port, or nothing for it): no read, no promise (the simulator's every round).
  const [scalers, managed] =
    askScalers || askProviders
      ? await Promise.all([
          attempt(() =>
            askScalers ? deps.appScaling!.activeScalers(resourceIds) : Promise.resolve(NO_SCALERS),
          ),
          attempt(() =>
            askProviders
              ? deps.capacityProviders!.providerScaling({ providers, clusters })
              : Promise.resolve([]),
          ),
        ])
      : NOT_ASKED;
  const providerFacts = { providers: managed.value ?? [], providersError: managed.error };
  return {
    rivals,
    ...groupSettings(claims, providerFacts),
    scalers: scalers.value ?? NO_SCALERS,
    ...providerFacts,
    scalersError: scalers.error,
  };
}

const NO_SCALERS: ReadonlyMap<string, ApplicationScaling> = new Map();
const NOT_ASKED = [
  { value: NO_SCALERS, error: null },
  { value: [] as readonly ProviderScaling[], error: null },
] as const;

/** One claim per target: a runnable target's policy as it runs, else the stored body's target section. */
function roundClaims(runnable: readonly OwnedTarget[], listed: readonly PolicyRecord[]): ServiceClaim[] {
  const claims = new Map<string, ServiceClaim>();
  for (const r of listed) {
    const claim = claimOfBody(r.targetId, r.body);
    if (claim) claims.set(r.targetId, claim);
  }
  for (const t of runnable)
    claims.set(t.targetId, { targetId: t.targetId, cluster: t.cluster, service: t.service });
  return [...claims.values()];
}

/**
 * The capacity providers the direct targets name, and the clusters of those naming none (a group whose
 * provider the policy does not name: its provider is found among its cluster's), each once, in order.
 * One loop and a set only past one name: this runs every round.
 */
function providersToAsk(direct: readonly OwnedTarget[]): { providers: string[]; clusters: string[] } {
  const providers: string[] = [];
  const clusters: string[] = [];
  for (const t of direct) {
    const provider = t.policy.target?.capacity?.capacity_provider;
    if (provider === undefined) clusters.push(t.cluster);
    else providers.push(provider);
  }
  return { providers: distinct(providers), clusters: distinct(clusters) };
}

function distinct(names: string[]): string[] {
  return names.length < 2 ? names : [...new Set(names)];
}

async function attempt<T>(read: () => Promise<T>): Promise<{ value: T | undefined; error: string | null }> {
  try {
    return { value: await read(), error: null };
  } catch (error) {
    return { value: undefined, error: errorText(error) };
  }
}
