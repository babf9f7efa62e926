import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { TargetQueries } from "./buildMetricQueries";
import type { OwnershipMemo } from "./ownership/OwnershipMemo";
import { PolicyCache } from "./PolicyCache";

/**
 * What one process (a Lambda container, a CLI run, a simulation) remembers from round to round. It is built
 * by whoever wires the engine and passed in its dependencies, so no engine module keeps hidden state.
 */
export interface EngineMemory {
  /**
   * Per target, the evaluation id of the newest decision this process appended to the history. A target's
   * last decision that is not in it may never have been appended (its evaluation died after the state
   * write, or the append failed): the next round re-appends it (see lostDecisions).
   */
  readonly appended: Map<string, string>;
  /** Validated policies by target and version. */
  readonly policies: PolicyCache;
  /**
   * Each policy's metric queries as the last round built them (a policy is one object per version, from the
   * cache): a round whose target sits at the same place in the round reuses them instead of building them.
   */
  readonly queries: WeakMap<ResolvedPolicy, TargetQueries>;
  /** The last round's ownership facts, while nothing had to be asked of other controllers (see OwnershipMemo). */
  readonly ownership: OwnershipMemo;
}

/** A fresh memory: what a cold start begins with. */
export function createEngineMemory(): EngineMemory {
  return { appended: new Map(), policies: new PolicyCache(), queries: new WeakMap(), ownership: {} };
}
