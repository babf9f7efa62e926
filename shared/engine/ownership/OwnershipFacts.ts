import type { ApplicationScaling, ProviderScaling } from "../ports/OtherControllers";

/** What a round knows about who else controls its targets' services and groups (see readOwnership). */
export interface OwnershipFacts {
  /** Targets that share their service with other targets, mapped to those targets. */
  readonly rivals: ReadonlyMap<string, readonly string[]>;
  /** Targets that set their Auto Scaling group directly beside other targets setting it, mapped to those. */
  readonly groupRivals: ReadonlyMap<string, readonly string[]>;
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
  groupRivals: new Map(),
  scalers: new Map(),
  providers: [],
  scalersError: null,
  providersError: null,
};
