/**
 * A small evaluator of the IAM policies in a synthesized CloudFormation template, in two directions:
 *
 * - `mayBeAllowed`, deliberately permissive, for proving what a role can NOT do: it answers "may be
 *   allowed" whenever it cannot tell (a condition it does not model, an AWS-managed policy it cannot read, a
 *   resource it cannot resolve that could match), so a denial it reports is a real one.
 * - `isAllowed`, deliberately strict, for proving what a role CAN do: an Allow counts only when its action,
 *   resource and every condition certainly match, and any Deny that might apply wins, so an allow it
 *   reports is a real one.
 *
 * Wildcards match across `/` and `:`, as IAM's do. `bindTemplate` first replaces the `Ref`s and
 * `Fn::GetAtt`s of named resources (tables) with their physical names and ARNs.
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

/** A request to authorize: one action on one resource ARN with its tags and request context keys. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly resourceTags: Readonly<Record<string, string>>;
  /**
   * Context keys other than aws:ResourceTag/*, e.g. `ecs:cluster` (case-insensitive names); a list for a
   * multivalued key such as `dynamodb:LeadingKeys`.
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Whether `role` is certainly allowed `request`: some Allow statement matches its action and resource
 * and every one of its conditions holds for the request's tags and context, and no Deny statement of the
 * role could apply (an unresolvable resource or an unmodelled condition counts as applying). A role with
 * a managed policy the template does not show is never certainly allowed.
 */
export function isAllowed(grants: RoleGrants, role: string, request: Request): boolean {
  if ((grants.managedPolicyArns.get(role) ?? []).length > 0) return false;
  const mine = grants.statements.filter((s) => s.role === role).map((s) => s.statement);
  const denied = mine.some(
    (s) =>
      s.Effect === "Deny" &&
      actionMatches(s, request.action) &&
      resourceMatches(s, request.resource, false) &&
      conditionsMayHold(s, request),
  );
  if (denied) return false;
  return mine.some(
    (s) =>
      s.Effect === "Allow" &&
      actionMatches(s, request.action) &&
      resourceMatches(s, request.resource, true) &&
      conditionsCertainlyHold(s, request),
  );
}

/** Physical name and attributes of one resource, for `bindTemplate`. */
export interface Binding {
  readonly Ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The bindings of the template's DynamoDB tables that have a literal `TableName`: Ref is the name,
 * `Arn` the table ARN and `StreamArn` a pattern of its streams, in the evaluator's partition, region and
 * account.
 */
export function namedTableBindings(template: Resources): Record<string, Binding> {
  const bindings: Record<string, Binding> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    const name = resource.Properties?.TableName;
    if (resource.Type !== "AWS::DynamoDB::Table" || typeof name !== "string") continue;
    const arn = `arn:${PSEUDO["AWS::Partition"]}:dynamodb:${PSEUDO["AWS::Region"]}:${PSEUDO["AWS::AccountId"]}:table/${name}`;
    bindings[id] = { Ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/*` } };
  }
  return bindings;
}

/** A copy of `template` with every `Ref` and `Fn::GetAtt` of a bound resource replaced by its value. */
export function bindTemplate<T extends Resources>(
  template: T,
  bindings: Readonly<Record<string, Binding>>,
): T {
  const bind = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(bind);
    if (typeof value !== "object" || value === null) return value;
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === "string" && bindings[v.Ref]) return bindings[v.Ref]?.Ref;
    const getAtt = v["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") {
      const bound = bindings[getAtt[0]]?.attributes[String(getAtt[1])];
      if (bound !== undefined) return bound;
    }
    return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, bind(inner)]));
  };
  return bind(template) as T;
}

/** The evaluator's partition, region and account: what `resolve` puts for the pseudo parameters. */
export const EVALUATOR_ENVIRONMENT = {
  partition: PSEUDO["AWS::Partition"] as string,
  region: PSEUDO["AWS::Region"] as string,
  account: PSEUDO["AWS::AccountId"] as string,
} as const;

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

/** The value of condition key `key` in `request`, if it has one. */
function contextValue(request: Request, key: string): string | readonly string[] | undefined {
  const tag = /^aws:ResourceTag\/(.+)$/i.exec(key)?.[1];
  if (tag !== undefined) return request.resourceTags[tag];
  const lower = key.toLowerCase();
  const found = Object.entries(request.context ?? {}).find(([k]) => k.toLowerCase() === lower);
  return found?.[1];
}

/**
 * One condition operator on a context value: true or false where modelled, undefined where not. The set
 * operators as IAM has them: `ForAllValues:` holds when every value matches (and when the key is absent),
 * `ForAnyValue:` when one does.
 */
function operatorHolds(
  operator: string,
  actual: string | readonly string[] | undefined,
  expected: unknown,
): boolean | undefined {
  const set = /^(ForAllValues|ForAnyValue):(.+)$/.exec(operator);
  if (set) {
    const values = actual === undefined ? [] : [actual].flat();
    const each = values.map((v) => singleHolds(set[2] ?? "", v, expected));
    if (each.some((r) => r === undefined)) return undefined;
    return set[1] === "ForAllValues" ? each.every((r) => r === true) : each.some((r) => r === true);
  }
  if (Array.isArray(actual)) return undefined;
  return singleHolds(operator, actual as string | undefined, expected);
}

function singleHolds(operator: string, actual: string | undefined, expected: unknown): boolean | undefined {
  const ifExists = operator.endsWith("IfExists");
  const base = ifExists ? operator.slice(0, -"IfExists".length) : operator;
  if (actual === undefined) return ifExists ? true : base.startsWith("StringNot") ? undefined : false;
  const values = list(expected).map((e) => resolve(e));
  if (values.some((v) => v === undefined)) return undefined;
  const texts = values as string[];
  switch (base) {
    case "StringEquals":
    case "ArnEquals":
      return texts.includes(actual);
    case "StringLike":
    case "ArnLike":
      return texts.some((t) => glob(t, actual));
    case "StringNotEquals":
      return !texts.includes(actual);
    default:
      return undefined;
  }
}

function conditionsCertainlyHold(s: FoundStatement["statement"], request: Request): boolean {
  return Object.entries(s.Condition ?? {}).every(([operator, entries]) =>
    Object.entries(entries).every(
      ([key, expected]) => operatorHolds(operator, contextValue(request, key), expected) === true,
    ),
  );
}

function conditionsMayHold(s: FoundStatement["statement"], request: Request): boolean {
  return Object.entries(s.Condition ?? {}).every(([operator, entries]) =>
    Object.entries(entries).every(
      ([key, expected]) => operatorHolds(operator, contextValue(request, key), expected) !== false,
    ),
  );
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
