import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { parsePolicy } from "../../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { Trace } from "../traces/Trace";
import { simPolicyBody } from "./simPolicyBody";

export type SimPolicies =
  | {
      readonly ok: true;
      /** Per stage: the policy item as the simulated policies table holds it, and its resolved form. */
      readonly bodies: readonly Record<string, unknown>[];
      readonly resolved: readonly ResolvedPolicy[];
    }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * Turns a policy file into one policy per stage of `trace`: a single policy applies to every stage;
 * `{"stages": [...]}` gives one per stage (as many as the trace has). Each is pointed at its simulated
 * service (simPolicyBody; `perReplica` chooses the per-replica load metric) and validated as the engine would; every problem is returned with its path.
 */
export function resolveSimPolicies(raw: unknown, trace: Trace, perReplica = false): SimPolicies {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return {
      ok: false,
      problems: [{ path: "$", message: 'a policy file holds a policy object or {"stages": [...]}' }],
    };
  const file = raw as Record<string, unknown>;
  let perStage: { policy: unknown; path: string }[];
  if ("stages" in file) {
    const stages = file.stages;
    if (!Array.isArray(stages) || stages.length !== trace.stages.length)
      return {
        ok: false,
        problems: [
          {
            path: "$.stages",
            message: `trace ${trace.name} has ${trace.stages.length} stage(s): give one policy per stage`,
          },
        ],
      };
    perStage = stages.map((policy, k) => ({ policy, path: `$.stages[${k}]` }));
  } else {
    perStage = trace.stages.map(() => ({ policy: raw, path: "$" }));
  }
  const problems: ValidationProblem[] = [];
  const bodies: Record<string, unknown>[] = [];
  const resolved: ResolvedPolicy[] = [];
  for (const [k, { policy, path }] of perStage.entries()) {
    if (policy === null || typeof policy !== "object" || Array.isArray(policy)) {
      problems.push({ path, message: "must be a policy object" });
      continue;
    }
    const body = simPolicyBody(policy as Record<string, unknown>, trace, k, perReplica);
    const parsed = parsePolicy(body);
    if (!parsed.ok) {
      // One policy shared by all stages reports its problems once.
      if (path === "$" && k > 0) continue;
      for (const p of parsed.problems) problems.push({ path: path + p.path.slice(1), message: p.message });
      continue;
    }
    bodies.push(body);
    resolved.push(parsed.policy);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, bodies, resolved };
}
