import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import type { TargetState } from "../../shared/engine/ports/TargetState";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { describeHolds, type ItemHolds, itemHolds } from "../../shared/policy/itemHolds";
import type { Paused } from "../../shared/policy/PolicySchema";
import { parseStoredPolicy } from "../../shared/policy/parseStoredPolicy";

/** How the runtime holds the target: its pause (false: none) and whether it runs in shadow mode. */
export interface RunningHolds {
  readonly paused: Paused;
  readonly shadow: boolean;
}

/** What `status` and `policy list` both say about a target's policy, from one reading. */
export interface PolicyHealth {
  /** The stored item validates now (null: there is no stored item). */
  readonly valid: boolean | null;
  readonly problems: readonly ValidationProblem[];
  /** Which policy the runtime runs, in words (`synced v3`, `not synced`, `last known-good v2`, ...). */
  readonly runtime: string;
  /** The policy body the runtime scales with: the stored one if valid, else the last known-good one. */
  readonly runningBody: Record<string, unknown> | undefined;
  /** The pause and shadow mode the runtime applies (an invalid item's holds over the last known-good). */
  readonly holds: RunningHolds;
  /** The holds an invalid item imposes over the last known-good policy (pause always wins); empty otherwise. */
  readonly itemHolds: ItemHolds;
}

const NO_HOLDS: RunningHolds = { paused: false, shadow: false };

/**
 * Judges a policy item the way the engine will: the stored body is validated now as a stored
 * policy (so a CLI reading never disagrees with another), and an invalid one falls back to the
 * last known-good body, when there is one, with the invalid item's `paused` (and `shadow: true`) over it.
 */
export function policyHealth(record: PolicyRecord | undefined, state: TargetState | undefined): PolicyHealth {
  const good = state?.lastKnownGood ?? null;
  if (!record) {
    return {
      valid: null,
      problems: [],
      runtime: "no policy",
      runningBody: undefined,
      holds: NO_HOLDS,
      itemHolds: {},
    };
  }
  const parsed = parseStoredPolicy(record.body);
  if (parsed.ok) {
    const checked = state?.policyStatus?.version;
    return {
      valid: true,
      problems: [],
      runtime:
        checked === undefined
          ? "not synced"
          : checked === record.version
            ? `synced v${checked}`
            : `synced v${checked}, v${record.version} not yet`,
      runningBody: record.body,
      holds: holdsOf(record.body),
      itemHolds: {},
    };
  }
  const held = good ? itemHolds(record.body) : {};
  const over = Object.keys(held).length > 0 ? ` with ${describeHolds(held)} of v${record.version}` : "";
  return {
    valid: false,
    problems: parsed.problems,
    runtime: good ? `last known-good v${good.version}${over}` : "none (never valid)",
    runningBody: good?.body,
    holds: good ? { ...holdsOf(good.body), ...held } : NO_HOLDS,
    itemHolds: held,
  };
}

/** The pause and shadow mode of a valid body (absent fields take the schema's defaults, false). */
function holdsOf(body: Record<string, unknown>): RunningHolds {
  return { ...NO_HOLDS, ...itemHolds(body), shadow: body.shadow === true };
}

/** The pause kind in a word, for `policy list` and `status`: `paused`, `scale_in`, `scale_out` or empty. */
export function pauseKind(holds: RunningHolds): string {
  return holds.paused === true ? "paused" : holds.paused === false ? "" : holds.paused;
}

/** The sentence `status` prints over an invalid policy's problems. */
export function invalidPolicyHeadline(record: PolicyRecord, state: TargetState | undefined): string {
  const good = state?.lastKnownGood;
  if (!good)
    return `policy v${record.version} is INVALID and no version of it ever validated, so the target is not scaled until it is fixed:`;
  const held = itemHolds(record.body);
  const over =
    Object.keys(held).length > 0 ? ` with this item's ${describeHolds(held)} (a pause always wins)` : "";
  return `policy v${record.version} is INVALID; running last known-good v${good.version}${over}:`;
}
