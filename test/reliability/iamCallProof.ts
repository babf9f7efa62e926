/**
 * The IAM call proof: every AWS call a driftless function made during the integration suite, evaluated
 * against the synthesized IAM policies of that function's role (allow side and deny side, tag conditions
 * included). The recorder (test/support/emulatorCallRecorder.ts) writes one JSON line per call; the
 * integration project's globalSetup teardown runs `proveRecordedCalls` and fails the run on a denial.
 */
import { bindTemplate, isAllowed, namedTableBindings, roleGrants, rolesOf } from "./iamEvaluator";
import type { IamRequest } from "./iamRequests";

/** Who made a call: a function, the engine run directly by a test (as tick and alarm run it), or neither. */
export type Caller = "tick" | "alarm" | "policy-sync" | "forecast" | "evaluator" | "cli" | "demo" | "other";

/** The functions whose roles a caller's calls are checked against (none: not a function's call). */
export function rolesToCheck(caller: Caller): string[] {
  if (caller === "evaluator") return ["tick", "alarm"];
  if (caller === "cli" || caller === "demo" || caller === "other") return [];
  return [caller];
}

/**
 * The caller of an SDK call from the stack at `send` (with V8's async frames): the outermost frame in
 * `functions/NAME/` names the function; else frames in `cli/` or `demo/` (the operator's tools, not a
 * function's role); else frames in `shared/engine/` (evaluation rounds, which tick and alarm both run).
 */
export function callerOfStack(stack: string): Caller {
  const frames = stack.split("\n").map((line) => line.replace(/\\/g, "/"));
  const fn = frames
    .map((f) => /\/functions\/(tick|alarm|policy-sync|forecast)\//.exec(f)?.[1])
    .filter((name): name is "tick" | "alarm" | "policy-sync" | "forecast" => name !== undefined)
    .pop();
  if (fn !== undefined) return fn;
  if (frames.some((f) => /\/(cli)\/[^/]+/.test(f) && !f.includes("node_modules"))) return "cli";
  if (frames.some((f) => /\/(demo)\/[^/]+/.test(f) && !f.includes("node_modules"))) return "demo";
  if (frames.some((f) => f.includes("/shared/engine/"))) return "evaluator";
  return "other";
}

/**
 * One IAM request of a recorded call, with the tags its resource had; `tagsUnknown` when the resource
 * was not there (the call fails on its own) or its tags could not be read: such a request proves nothing.
 */
export type RecordedRequest = IamRequest & {
  readonly resourceTags: Readonly<Record<string, string>>;
  readonly tagsUnknown?: true;
};

/** One recorded call (a line of the JSONL file). */
export interface RecordedCall {
  readonly caller: Caller;
  readonly call: string;
  readonly requests: readonly RecordedRequest[];
  /** The test file and name that made the call. */
  readonly test?: string;
  /** Why the call's IAM requests are unknown (an operation iamRequests.ts does not map): a failure. */
  readonly unmapped?: string;
}

/** A request the template would deny. */
export interface Denial {
  readonly function: string;
  readonly role: string | undefined;
  readonly call: string;
  readonly request: RecordedRequest;
  readonly test?: string;
}

export interface ProofResult {
  /** Calls checked, by function (an evaluator call counts for tick and for alarm). */
  readonly checkedByFunction: Readonly<Record<string, number>>;
  /** Distinct `function action resource` triples proven allowed, sorted. */
  readonly allowed: readonly string[];
  /** Calls not made by a function (the CLI, the demo, tests calling adapters): not checked. */
  readonly notChecked: number;
  /** Requests of function calls whose resource's tags were unknown (resource missing): not checked. */
  readonly tagsUnknown: number;
  /** The calls not checked, by `Service:Operation` and caller. */
  readonly notCheckedByCall: Readonly<Record<string, number>>;
  readonly denials: readonly Denial[];
}

type TemplateJson = Parameters<typeof roleGrants>[0];

/**
 * Evaluates `calls` against `template` (the driftless stack as synthesized): each request of each call
 * by a function must be certainly allowed by that function's role. Tables with literal names are bound
 * to their ARNs first, so table grants are checked against the table each call named.
 */
export function proveCalls(calls: readonly RecordedCall[], template: TemplateJson): ProofResult {
  const bound = bindTemplate(template, namedTableBindings(template));
  const grants = roleGrants(bound);
  const roles = rolesOf(bound);
  const roleOf = (fn: string) =>
    roles.find((r) => new RegExp(`^Autoscaler${pascal(fn)}Role[0-9A-F]{8}$`).test(r));
  const checkedByFunction: Record<string, number> = {};
  const denials: Denial[] = [];
  const allowed = new Set<string>();
  let notChecked = 0;
  let tagsUnknown = 0;
  const notCheckedByCall: Record<string, number> = {};
  for (const recorded of calls) {
    const functions = rolesToCheck(recorded.caller);
    if (functions.length === 0) {
      notChecked++;
      const key = `${recorded.call} (${recorded.caller})`;
      notCheckedByCall[key] = (notCheckedByCall[key] ?? 0) + 1;
    }
    for (const fn of functions) {
      checkedByFunction[fn] = (checkedByFunction[fn] ?? 0) + 1;
      const role = roleOf(fn);
      if (recorded.unmapped !== undefined) {
        const request = { action: "?", resource: recorded.unmapped, resourceTags: {} };
        denials.push({ function: fn, role, call: recorded.call, request, test: recorded.test });
      }
      for (const request of recorded.requests) {
        if (request.tagsUnknown) {
          tagsUnknown++;
          continue;
        }
        const ok = role !== undefined && isAllowed(grants, role, request);
        if (ok) allowed.add(`${fn} ${request.action} ${request.resource}`);
        else denials.push({ function: fn, role, call: recorded.call, request, test: recorded.test });
      }
    }
  }
  return {
    checkedByFunction,
    allowed: [...allowed].sort(),
    notChecked,
    tagsUnknown,
    notCheckedByCall,
    denials: dedupe(denials),
  };
}

/** One line per distinct denial, for the failure message. */
export function formatDenials(denials: readonly Denial[]): string {
  return denials
    .map(
      (d) =>
        `${d.function} (${d.role ?? "no role in the template"}) ${d.call}: ${d.request.action} on ${d.request.resource}` +
        `${Object.keys(d.request.resourceTags).length > 0 ? ` tags ${JSON.stringify(d.request.resourceTags)}` : ""}` +
        `${d.request.context ? ` context ${JSON.stringify(d.request.context)}` : ""}${d.test ? ` (in ${d.test})` : ""}`,
    )
    .join("\n");
}

/**
 * `template` without some grants: each entry of `remove` is a statement Sid (that statement goes) or an
 * action such as `dynamodb:BatchWriteItem` (it leaves every identity-policy statement; a statement left
 * with no action goes). For showing that the proof fails when a permission is missing.
 */
export function withoutGrants(template: TemplateJson, remove: readonly string[]): TemplateJson {
  if (remove.length === 0) return template;
  const copy = structuredClone(template);
  const actions = remove.filter((r) => r.includes(":")).map((a) => a.toLowerCase());
  for (const resource of Object.values(copy.Resources)) {
    if (resource.Type !== "AWS::IAM::Policy") continue;
    const document = resource.Properties?.PolicyDocument as
      | { Statement: { Sid?: string; Action?: string | string[] }[] }
      | undefined;
    if (!document) continue;
    document.Statement = document.Statement.filter((s) => s.Sid === undefined || !remove.includes(s.Sid))
      .map((s) => {
        const kept = [s.Action ?? []].flat().filter((a) => !actions.includes(a.toLowerCase()));
        return { ...s, Action: kept };
      })
      .filter((s) => s.Action.length > 0);
  }
  return copy;
}

function dedupe(denials: readonly Denial[]): Denial[] {
  const seen = new Map<string, Denial>();
  for (const d of denials) {
    const { action, resource, resourceTags, context } = d.request;
    const key = `${d.function} ${action} ${resource} ${JSON.stringify(resourceTags)} ${JSON.stringify(context)}`;
    if (!seen.has(key)) seen.set(key, d);
  }
  return [...seen.values()];
}

function pascal(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
