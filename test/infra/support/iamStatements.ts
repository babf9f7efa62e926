import type { Template } from "aws-cdk-lib/assertions";

/** An IAM policy statement as it appears in a synthesized template. */
export interface Statement {
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
}

/** Every statement of the AWS::IAM::Policy resources attached to roles whose logical id starts with `rolePrefix`. */
export function roleStatements(template: Template, rolePrefix: string): Statement[] {
  const policies = template.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as { Ref: string }[]).some(
        (r) => typeof r.Ref === "string" && r.Ref.startsWith(rolePrefix),
      ),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** Every statement of every identity and resource policy in the template, with where it came from. */
export function allStatements(
  template: Template,
): { readonly resource: string; readonly statement: Statement }[] {
  const found: { resource: string; statement: Statement }[] = [];
  const json = template.toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  for (const [id, resource] of Object.entries(json.Resources)) {
    const props = resource.Properties ?? {};
    const documents = [
      props.PolicyDocument,
      props.KeyPolicy,
      props.AssumeRolePolicyDocument,
      ...((props.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument),
    ];
    for (const document of documents) {
      const statements = (document as { Statement?: Statement[] } | undefined)?.Statement ?? [];
      for (const statement of statements) found.push({ resource: `${id} (${resource.Type})`, statement });
    }
  }
  return found;
}

/** The statement's actions as a list. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statement's resources as a list (tokens stay as objects). */
export function resourcesOf(statement: Statement): unknown[] {
  if (statement.Resource === undefined) return [];
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** The statements that allow `action`. */
export function allowing(statements: readonly Statement[], action: string): Statement[] {
  return statements.filter((s) => s.Effect === "Allow" && actionsOf(s).includes(action));
}
