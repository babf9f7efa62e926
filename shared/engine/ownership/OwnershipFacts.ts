import type { ApplicationScaling } from "../ports/OtherControllers";

/** What a round knows about who else controls its targets' services and groups (see readOwnership). */
export interface OwnershipFacts {
  /** Targets that share their service with other targets, mapped to those targets. */
  readonly rivals: ReadonlyMap<string, readonly string[]>;
  /** Application Auto Scaling scalable targets with policies or scheduled actions, by resource id. */
  readonly scalers: ReadonlyMap<string, ApplicationScaling>;
  /** Managed scaling enabled, per capacity provider read. */
  readonly managedScaling: ReadonlyMap<string, boolean>;
  /** Why the scalable targets or the providers could not be read (null: read, or nothing to read). */
  readonly scalersError: string | null;
  readonly providersError: string | null;
}

/** Facts that stop nothing (a round without the ownership ports, e.g. the simulator). */
export const NO_OWNERSHIP_FACTS: OwnershipFacts = {
  rivals: new Map(),
  scalers: new Map(),
  managedScaling: new Map(),
  scalersError: null,
  providersError: null,
};
