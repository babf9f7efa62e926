import type { ApplicationScaling, ProviderScaling } from "../ports/OtherControllers";

/** What a round knows about who else controls its targets' services and groups (see readOwnership). */
export interface OwnershipFacts {
  /** Targets that share their service with other targets, mapped to those targets. */
  readonly rivals: ReadonlyMap<string, readonly string[]>;
  /** Why a target's Auto Scaling group is not set: its settings conflict with another target's on the group. */
  readonly groupConflicts: ReadonlyMap<string, string>;
  /** The targets in effective mode `direct` on each Auto Scaling group (their tasks sum), sorted. */
  readonly groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Application Auto Scaling scalable targets with policies or scheduled actions, by resource id. */
  readonly scalers: ReadonlyMap<string, ApplicationScaling>;
  /** The capacity providers read: their managed scaling and groups. */
  readonly providers: readonly ProviderScaling[];
  /** Why the scalable targets or the providers could not be read (null: read, or nothing to read). */
  readonly scalersError: string | null;
  readonly providersError: string | null;
}

/** Facts that stop nothing (a round without the ownership ports, e.g. the simulator). */
export const NO_OWNERSHIP_FACTS: OwnershipFacts = {
  rivals: new Map(),
  groupConflicts: new Map(),
  groupMembers: new Map(),
  scalers: new Map(),
  providers: [],
  scalersError: null,
  providersError: null,
};
