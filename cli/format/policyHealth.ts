import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import type { TargetState } from "../../shared/engine/ports/TargetState";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { parsePolicy } from "../../shared/policy/parsePolicy";

/** What `status` and `policy list` both say about a target's policy, from one reading. */
export interface PolicyHealth {
  /** The stored item validates now (null: there is no stored item). */
  readonly valid: boolean | null;
  readonly problems: readonly ValidationProblem[];
  /** Which policy the runtime runs, in words (`synced v3`, `not synced`, `last known-good v2`, ...). */
  readonly runtime: string;
  /** The policy body the runtime scales with: the stored one if valid, else the last known-good one. */
  readonly runningBody: Record<string, unknown> | undefined;
}

/**
 * Judges a policy item the way the engine will: the stored body is validated now (so a CLI
 * reading never disagrees with another), and an invalid one falls back to the last known-good
 * body, when there is one.
 */
export function policyHealth(record: PolicyRecord | undefined, state: TargetState | undefined): PolicyHealth {
  const good = state?.lastKnownGood ?? null;
  if (!record) {
    return { valid: null, problems: [], runtime: "no policy", runningBody: undefined };
  }
  const parsed = parsePolicy(record.body);
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
    };
  }
  return {
    valid: false,
    problems: parsed.problems,
    runtime: good ? `last known-good v${good.version}` : "none (never valid)",
    runningBody: good?.body,
  };
}

/** The sentence `status` prints over an invalid policy's problems. */
export function invalidPolicyHeadline(record: PolicyRecord, state: TargetState | undefined): string {
  const good = state?.lastKnownGood;
  return good
    ? `policy v${record.version} is INVALID; running last known-good v${good.version}:`
    : `policy v${record.version} is INVALID and no version of it ever validated, so the target is not scaled until it is fixed:`;
}
