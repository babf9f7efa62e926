/**
 * A small, deliberately permissive evaluator of the IAM policies in a synthesized CloudFormation template,
 * for proving what a role can NOT do: it answers "may be allowed" whenever it cannot tell (a condition it
 * does not model, an AWS-managed policy it cannot read, a resource it cannot resolve that could match), so a
 * denial it reports is a real one. Wildcards match across `/` and `:`, which is at least as broad as IAM.
 */

/** One statement with where it came from. */
export interface FoundStatement {
  readonly role: string;
  readonly statement: {
    readonly Effect: "Allow" | "Deny";
    readonly Action?: string | readonly string[];
    readonly NotAction?: string | readonly string[];
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
  };
}

export interface RoleGrants {
  readonly statements: readonly FoundStatement[];
  /** AWS-managed (or otherwise external) policy ARNs attached, by role: their contents are unknown. */
  readonly managedPolicyArns: ReadonlyMap<string, readonly string[]>;
}

interface Resources {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const PSEUDO: Readonly<Record<string, string>> = {
  "AWS::Partition": "aws",
  "AWS::Region": "us-east-1",
  "AWS::AccountId": "123456789012",
  "AWS::URLSuffix": "amazonaws.com",
};

/** Every identity-policy statement of every role in `template`. */
export function roleGrants(template: Resources): RoleGrants {
  const statements: FoundStatement[] = [];
  const managed = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === "AWS::IAM::Role") {
      for (const policy of (props.Policies as {
        PolicyDocument: { Statement: FoundStatement["statement"][] };
      }[]) ?? [])
        for (const statement of policy.PolicyDocument.Statement) statements.push({ role: id, statement });
      const arns = (props.ManagedPolicyArns as unknown[] | undefined) ?? [];
      if (arns.length > 0)
        managed.set(
          id,
          arns.map((a) => JSON.stringify(a)),
        );
    }
    if (resource.Type === "AWS::IAM::Policy" || resource.Type === "AWS::IAM::ManagedPolicy") {
      const roles = ((props.Roles as { Ref?: string }[] | undefined) ?? []).map(
        (r) => r.Ref ?? JSON.stringify(r),
      );
      const document = props.PolicyDocument as { Statement: FoundStatement["statement"][] };
      for (const role of roles)
        for (const statement of document.Statement) statements.push({ role, statement });
    }
  }
  return { statements, managedPolicyArns: managed };
}

/** A request to authorize: one action on one resource ARN with its tags. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly resourceTags: Readonly<Record<string, string>>;
}

/** Whether `role` may be allowed `request` (explicit denies win; unknowns count as allowing). */
export function mayBeAllowed(grants: RoleGrants, role: string, request: Request): boolean {
  if ((grants.managedPolicyArns.get(role) ?? []).length > 0) return true;
  const mine = grants.statements.filter((s) => s.role === role);
  const applies = (s: FoundStatement["statement"], certain: boolean) =>
    actionMatches(s, request.action) &&
    resourceMatches(s, request.resource, certain) &&
    conditionHolds(s, request, certain);
  if (mine.some((s) => s.statement.Effect === "Deny" && applies(s.statement, true))) return false;
  return mine.some((s) => s.statement.Effect === "Allow" && applies(s.statement, false));
}

/** The roles in the template. */
export function rolesOf(template: Resources): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === "AWS::IAM::Role")
    .map(([id]) => id);
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function glob(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

function actionMatches(s: FoundStatement["statement"], action: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((a) => glob(String(a), action, true));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => glob(String(a), action, true));
  return false;
}

/**
 * Resolves Fn::Join / Ref of pseudo parameters / Fn::Sub of them; anything else (a GetAtt, a Ref to a
 * resource) is unknown: `undefined`.
 */
export function resolve(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === "string") return PSEUDO[v.Ref];
  if (Array.isArray(v["Fn::Join"])) {
    const [sep, parts] = v["Fn::Join"] as [string, unknown[]];
    const resolved = parts.map(resolve);
    return resolved.some((p) => p === undefined) ? undefined : resolved.join(sep);
  }
  if (typeof v["Fn::Sub"] === "string") {
    const text = (v["Fn::Sub"] as string).replace(
      /\$\{([^}]+)\}/g,
      (_, name: string) => PSEUDO[name] ?? "\u0000",
    );
    return text.includes("\u0000") ? undefined : text;
  }
  return undefined;
}

/**
 * Whether a statement's resources cover `arn`. An unresolvable resource (a table's GetAtt) is taken to
 * match only when it could: when `certain` is false and it is not a plain resource reference.
 */
function resourceMatches(s: FoundStatement["statement"], arn: string, certain: boolean): boolean {
  const check = (r: unknown) => {
    const text = resolve(r);
    if (text !== undefined) return glob(text, arn);
    // A GetAtt/Ref of a resource in this template names that resource, never a service or group elsewhere.
    const v = r as Record<string, unknown>;
    if (v && (v["Fn::GetAtt"] !== undefined || typeof v.Ref === "string")) return false;
    return !certain;
  };
  if (s.Resource !== undefined) return list(s.Resource).some(check);
  if (s.NotResource !== undefined) return !list(s.NotResource).some(check);
  return false;
}

/** StringEquals on aws:ResourceTag/* is modelled; any other condition counts as holding (unless `certain`). */
function conditionHolds(s: FoundStatement["statement"], request: Request, certain: boolean): boolean {
  for (const [operator, entries] of Object.entries(s.Condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const tag = /^aws:ResourceTag\/(.+)$/i.exec(key)?.[1];
      if (operator === "StringEquals" && tag !== undefined) {
        const actual = request.resourceTags[tag];
        if (actual === undefined || !list(expected).map(String).includes(actual)) return false;
      } else if (certain) {
        return false;
      }
    }
  }
  return true;
}
