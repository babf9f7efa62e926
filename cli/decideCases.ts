import { z } from "zod";
import { formatPath, type ValidationProblem } from "../shared/errors/ValidationProblem";
import { zodProblems } from "../shared/errors/zodProblems";
import { decide } from "../shared/policy/decide";
import { INITIAL_POLICY_STATE, type PolicyState } from "../shared/policy/PolicyState";
import { parsePolicy } from "../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../shared/policy/ResolvedPolicy";
import { strictSection } from "../shared/policy/strictSection";

const count = z.number().int().min(0).max(1_000_000);
const instant = z.number().min(0).max(1e11);

const StepSchema = strictSection({
  now: instant,
  current_replicas: count,
  total_ongoing_requests: z.number().min(0).max(1e9),
  /** driftless extension: replicas starting (pending awareness). */
  pending_replicas: count.optional(),
  /** driftless extension: the SLO latency reading in ms. */
  latency_ms: z.number().min(0).nullable().optional(),
  /** driftless extension: the total-load datapoints (metric timeline) behind total_ongoing_requests. */
  datapoints: z.array(strictSection({ t: instant, v: z.number().min(0) })).optional(),
});

const StateSchema = strictSection({
  target_replicas: count.optional(),
  counter: z.number().int(),
  ts: instant.nullable(),
  floor: instant.nullable().default(null),
  lastScaleUpAt: instant.nullable().default(null),
  lastScaleDownAt: instant.nullable().default(null),
  recentUps: z.array(strictSection({ at: instant, added: count })).default([]),
  metricFailures: count.default(0),
  lastRunning: count.nullable().optional(),
  seenUntil: instant.nullable().optional(),
  downFloor: instant.nullable().optional(),
});

const CaseSchema = strictSection({
  policy: z.unknown(),
  target_replicas: count.optional(),
  state: StateSchema.nullable().optional(),
  steps: z.array(StepSchema).min(1),
});

/** The state a decide case returns: the policy state plus the target it reached. */
export type DecideCaseState = PolicyState & { readonly target_replicas: number };

export interface DecideCaseResult {
  readonly decisions: { now: number; desired_replicas: number; reason: string }[];
  readonly state: DecideCaseState;
}

export type DecideCasesOutcome =
  | { readonly ok: true; readonly output: DecideCaseResult | DecideCaseResult[] }
  | { readonly ok: false; readonly problems: ValidationProblem[] };

/**
 * Runs `driftless decide` input: one case or an array of cases, each a policy and timestamped
 * steps; each step starts from the target and state the step before left. Validates everything
 * first and reports every problem with its JSON path; runs nothing if anything is invalid.
 */
export function runDecideCases(input: unknown): DecideCasesOutcome {
  const single = !Array.isArray(input);
  const cases: unknown[] = single ? [input] : (input as unknown[]);
  const problems: ValidationProblem[] = [];
  const prepared: { policy: ResolvedPolicy; data: z.output<typeof CaseSchema> }[] = [];
  if (!single && cases.length === 0) problems.push({ path: "$", message: "expected at least one case" });
  cases.forEach((raw, i) => {
    const prefix: (string | number)[] = single ? [] : [i];
    const parsed = CaseSchema.safeParse(raw);
    if (!parsed.success) problems.push(...zodProblems(parsed.error, prefix));
    const policyRaw =
      typeof raw === "object" && raw !== null ? (raw as { policy?: unknown }).policy : undefined;
    if (policyRaw === undefined) {
      if (parsed.success)
        problems.push({ path: formatPath([...prefix, "policy"]), message: "a case needs a policy" });
      return;
    }
    const policy = parsePolicy(policyRaw);
    if (!policy.ok) {
      const base = formatPath([...prefix, "policy"]);
      for (const p of policy.problems) problems.push({ path: base + p.path.slice(1), message: p.message });
    } else if (parsed.success) {
      prepared.push({ policy: policy.policy, data: parsed.data });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const results = prepared.map(({ policy, data }) => runCase(policy, data));
  return { ok: true, output: single ? results[0]! : results };
}

function runCase(policy: ResolvedPolicy, data: z.output<typeof CaseSchema>): DecideCaseResult {
  const first = data.steps[0]!;
  const { target_replicas: storedTarget, ...storedState } = data.state ?? {};
  let target = data.target_replicas ?? storedTarget ?? first.current_replicas;
  let state: PolicyState = data.state ? (storedState as PolicyState) : INITIAL_POLICY_STATE;
  const decisions: DecideCaseResult["decisions"] = [];
  for (const step of data.steps) {
    const decision = decide(policy, {
      now: step.now,
      currentReplicas: step.current_replicas,
      targetReplicas: target,
      state,
      load: step.datapoints
        ? { total: step.total_ongoing_requests, series: [...step.datapoints].sort((a, b) => a.t - b.t) }
        : { total: step.total_ongoing_requests },
      ...(step.pending_replicas === undefined ? {} : { pendingReplicas: step.pending_replicas }),
      ...(step.latency_ms === undefined ? {} : { latencyMs: step.latency_ms }),
    });
    decisions.push({ now: step.now, desired_replicas: decision.desiredReplicas, reason: decision.reason });
    target = decision.desiredReplicas;
    state = decision.state;
  }
  return { decisions, state: { ...state, target_replicas: target } };
}
