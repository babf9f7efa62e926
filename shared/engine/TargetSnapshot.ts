import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { TargetState } from "./ports/TargetState";
import type { TargetPolicy } from "./resolveTargetPolicy";

/** A target as a round read it: its policy item, its state (absent: never written) and the policy it runs. */
export interface TargetSnapshot {
  readonly record: PolicyRecord;
  readonly state: TargetState | undefined;
  readonly tp: TargetPolicy;
}

/** A target that can be evaluated: it has a policy to run, and that policy names its ECS service. */
export interface RunnableTarget extends TargetSnapshot {
  /** The record's target id, at hand (a runnable target is what the ownership rule judges: an OwnedTarget). */
  readonly targetId: string;
  readonly policy: ResolvedPolicy;
  readonly cluster: string;
  readonly service: string;
}

/** A target that cannot be evaluated this round, and why. */
export interface SkippedTarget extends TargetSnapshot {
  readonly why: string;
}
