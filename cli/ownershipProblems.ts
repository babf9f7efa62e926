import type { EngineDeps } from "../shared/engine/EngineDeps";
import type { OwnershipFacts } from "../shared/engine/ownership/OwnershipFacts";
import { rivalText, unreadText } from "../shared/engine/ownership/ownershipTexts";
import { type OwnedTarget, ownershipVerdict } from "../shared/engine/ownership/ownershipVerdict";
import { readOwnership } from "../shared/engine/ownership/readOwnership";
import type { ValidationProblem } from "../shared/errors/ValidationProblem";
import { parsePolicy } from "../shared/policy/parsePolicy";

/** What stops a policy from owning its service, and what could not be checked. */
export interface OwnershipCheck {
  readonly problems: readonly ValidationProblem[];
  readonly warnings: readonly string[];
  /** How capacity `auto` chose its mode, by the providers as read (null: a stated mode, or no group). */
  readonly capacityNote: string | null;
}

/**
 * The ownership rule as `policy put` and `policy validate --target` apply it, by the engine's own read and
 * verdict: another stored target on the service, Application Auto Scaling scaling it (unless the policy is
 * shadow), capacity mode `direct` on a provider with managed scaling, settings that conflict with another
 * target's on the same Auto Scaling group (a managed target beside a direct one, different GPUs per
 * instance; targets in mode direct may share a group: it is set for their sum). A read that fails (e.g. the
 * operator may not call Application Auto Scaling) is a warning: the runtime still holds what it cannot check.
 */
export async function ownershipProblems(
  ctx: Pick<EngineDeps, "policies" | "appScaling" | "capacityProviders">,
  targetId: string,
  body: Record<string, unknown>,
): Promise<OwnershipCheck> {
  const parsed = parsePolicy(body);
  const target = parsed.ok ? parsed.policy.target : undefined;
  if (!parsed.ok || target === undefined) return { problems: [], warnings: [], capacityNote: null };
  const owned: OwnedTarget = {
    targetId,
    cluster: target.cluster,
    service: target.service,
    policy: parsed.policy,
  };
  const listed = (await ctx.policies.list()).filter((r) => r.targetId !== targetId);
  const facts = await readOwnership(ctx, { runnable: [owned], listed });
  return judge(facts, owned);
}

function judge(facts: OwnershipFacts, owned: OwnedTarget): OwnershipCheck {
  const problems: ValidationProblem[] = [];
  const rivals = facts.rivals.get(owned.targetId) ?? [];
  if (rivals.length > 0)
    problems.push({ path: "target.service", message: rivalText(owned.cluster, owned.service, rivals) });
  // The other controllers, without the rivals (said above) and without the reads that failed (warnings).
  const verdict = ownershipVerdict(
    { ...facts, rivals: new Map(), scalersError: null, providersError: null },
    owned,
  );
  if (verdict.hold !== null) problems.push({ path: "target.service", message: verdict.hold });
  if (verdict.groupHold !== null) problems.push({ path: "target.capacity.mode", message: verdict.groupHold });
  const warnings = [
    ...(facts.scalersError === null
      ? []
      : [unreadText("for Application Auto Scaling on the service", facts.scalersError)]),
    ...(facts.providersError === null
      ? []
      : [unreadText("the capacity provider's managed scaling", facts.providersError)]),
  ];
  // Said by the facts as read: a provider read that failed leaves `auto` undecided, and says so.
  const { capacityNote } = ownershipVerdict({ ...facts, rivals: new Map() }, owned);
  return { problems, warnings, capacityNote: capacityNote ?? null };
}
