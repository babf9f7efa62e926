import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import { instancesText } from "./planGroupCapacity";
import type { ActionHold } from "./ports/TargetState";

/**
 * Partial pause in the engine, one rule: the decision already holds the paused direction (the policy's
 * last step), and no action may move the ECS count that way either, so a count set outside is not
 * restored in the held direction (`"scale_in"`: never lowered; `"scale_out"`: never raised). Null when
 * the action is allowed.
 */
export function pausedDirectionHold(args: {
  readonly policy: ResolvedPolicy;
  /** The ECS desired count as read, and the decided target an action would set it to. */
  readonly serviceDesired: number;
  readonly desired: number;
}): ActionHold | null {
  const { policy, serviceDesired, desired } = args;
  if (policy.pausedDirection === "scale_in" && desired < serviceDesired) return "paused";
  if (policy.pausedDirection === "scale_out" && desired > serviceDesired) return "paused";
  return null;
}

/** The direction of an Auto Scaling group change a pause holds, and which member's pause holds it. */
export interface PausedGroupHold {
  readonly direction: "scale_in" | "scale_out";
  readonly targetId: string;
  /** Whether that member is paused entirely (`paused: true`), not in one direction. */
  readonly full: boolean;
}

/**
 * The paused direction on an Auto Scaling group driftless sets (capacity mode `direct`), pure: a lowering
 * is held when ANY decided member pauses scale-in (`paused: true` or `"scale_in"`): an operator who pauses
 * scale-in expects no capacity removed, and keeping idle instances only costs. A raise is held only when
 * EVERY decided member pauses scale-out (`true` or `"scale_out"`): a member that scales on needs its
 * instances, so one member's pause never starves another's tasks. Alone on its group, a target's pause
 * holds the group as it holds its ECS count. Null when the change is allowed (or there is none).
 */
export function pausedGroupHold(args: {
  readonly members: readonly { readonly targetId: string; readonly policy: ResolvedPolicy }[];
  /** The group's desired capacity as read, and the one its plan sets. */
  readonly current: number;
  readonly instances: number;
}): PausedGroupHold | null {
  const { members, current, instances } = args;
  if (instances < current) {
    return holdBy(
      "scale_in",
      members.filter((m) => pausesIn(m.policy)),
    );
  }
  if (instances > current && members.length > 0 && members.every((m) => pausesOut(m.policy))) {
    return holdBy("scale_out", members);
  }
  return null;
}

/** The hold named by the first pausing member by target id (the same whatever order the round has). */
function holdBy(
  direction: PausedGroupHold["direction"],
  pausing: readonly { readonly targetId: string; readonly policy: ResolvedPolicy }[],
): PausedGroupHold | null {
  let first: (typeof pausing)[number] | null = null;
  for (const m of pausing) if (first === null || m.targetId < first.targetId) first = m;
  return first === null ? null : { direction, targetId: first.targetId, full: first.policy.paused };
}

function pausesIn(policy: ResolvedPolicy): boolean {
  return policy.paused || policy.pausedDirection === "scale_in";
}

function pausesOut(policy: ResolvedPolicy): boolean {
  return policy.paused || policy.pausedDirection === "scale_out";
}

/** What a reason says when a pause holds the group, e.g. ` [Auto Scaling group gpu-asg held at 4 instances (1 planned): target a paused scale_in]`. */
export function pausedGroupText(args: {
  readonly group: string;
  readonly current: number;
  readonly planned: number;
  readonly hold: PausedGroupHold;
}): string {
  const { group, current, planned, hold } = args;
  const pause = hold.full ? "paused" : `paused ${hold.direction}`;
  return ` [Auto Scaling group ${group} held at ${instancesText(current)} (${planned} planned): target ${hold.targetId} ${pause}]`;
}
