/**
 * The IAM call proof's parts: each SDK call's IAM requests (per the Service Authorization Reference), who
 * made a call (from its stack), the strict evaluator, and the proof itself against the stack as `cdk synth`
 * builds it: the calls each function makes are allowed, and removing any grant they need is caught.
 */
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { MANAGED_TAG } from "../../../infra/managedTag";
import { FORECAST_KEY_PREFIX } from "../../../shared/aws/forecastItem";
import { buildUnbundledApp } from "../../infra/support/synthesizeApp";
import { callerOfStack, proveCalls, type RecordedCall, withoutGrants } from "../../reliability/iamCallProof";
import { isAllowed, type RoleGrants } from "../../reliability/iamEvaluator";
import { iamRequestsOf, type SdkCall } from "../../reliability/iamRequests";

const ACCOUNT = "us-east-1:123456789012";
const TAGGED = { [MANAGED_TAG.key]: MANAGED_TAG.value };
type TemplateJson = Parameters<typeof proveCalls>[1];
const template = (context: Record<string, unknown> = {}) =>
  Template.fromStack(buildUnbundledApp(context).driftless).toJSON() as TemplateJson;
const deployed = template();

describe("iamRequestsOf", () => {
  it.each<[string, SdkCall, ReturnType<typeof iamRequestsOf>]>([
    [
      "a DescribeAlarms listing by prefix is authorized against alarm:*",
      { service: "CloudWatch", operation: "DescribeAlarms", input: { AlarmNamePrefix: "driftless-llm." } },
      [{ action: "cloudwatch:DescribeAlarms", resource: `arn:aws:cloudwatch:${ACCOUNT}:alarm:*` }],
    ],
    [
      "DescribeAlarms of named alarms, each by its ARN",
      { service: "CloudWatch", operation: "DescribeAlarms", input: { AlarmNames: ["driftless-a"] } },
      [{ action: "cloudwatch:DescribeAlarms", resource: `arn:aws:cloudwatch:${ACCOUNT}:alarm:driftless-a` }],
    ],
    [
      "UpdateService on the service ARN, with the ecs:cluster key and the service's tags",
      {
        service: "ECS",
        operation: "UpdateService",
        input: { cluster: "gpu", service: "llm", desiredCount: 3 },
      },
      [
        {
          action: "ecs:UpdateService",
          resource: `arn:aws:ecs:${ACCOUNT}:service/gpu/llm`,
          context: { "ecs:cluster": `arn:aws:ecs:${ACCOUNT}:cluster/gpu` },
          tagged: { kind: "ecs-service", cluster: "gpu", service: "llm" },
        },
      ],
    ],
    [
      "DescribeServices once per service, names or ARNs",
      {
        service: "ECS",
        operation: "DescribeServices",
        input: { cluster: "gpu", services: ["a", `arn:aws:ecs:${ACCOUNT}:service/gpu/b`] },
      },
      ["a", "b"].map((name) => ({
        action: "ecs:DescribeServices",
        resource: `arn:aws:ecs:${ACCOUNT}:service/gpu/${name}`,
        context: { "ecs:cluster": `arn:aws:ecs:${ACCOUNT}:cluster/gpu` },
        tagged: { kind: "ecs-service" as const, cluster: "gpu", service: name },
      })),
    ],
    [
      "a BatchGetItem over two tables, once per table ARN",
      {
        service: "DynamoDB",
        operation: "BatchGetItem",
        input: { RequestItems: { "driftless-state": {}, "driftless-policies": {} } },
      },
      ["driftless-state", "driftless-policies"].map((t) => ({
        action: "dynamodb:BatchGetItem",
        resource: `arn:aws:dynamodb:${ACCOUNT}:table/${t}`,
      })),
    ],
    [
      "SetDesiredCapacity on the group's ARN (any generated id), with its tags",
      { service: "AutoScaling", operation: "SetDesiredCapacity", input: { AutoScalingGroupName: "gpu-asg" } },
      [
        {
          action: "autoscaling:SetDesiredCapacity",
          resource: `arn:aws:autoscaling:${ACCOUNT}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/gpu-asg`,
          tagged: { kind: "auto-scaling-group", name: "gpu-asg" },
        },
      ],
    ],
    [
      "a cluster-wide ListTasks on *, with the ecs:cluster key (its resource type applies only to a named instance)",
      { service: "ECS", operation: "ListTasks", input: { cluster: "gpu", desiredStatus: "STOPPED" } },
      [
        {
          action: "ecs:ListTasks",
          resource: "*",
          context: { "ecs:cluster": `arn:aws:ecs:${ACCOUNT}:cluster/gpu` },
        },
      ],
    ],
    [
      "DescribeTasks once per task, ids or ARNs, on task/CLUSTER/ID",
      {
        service: "ECS",
        operation: "DescribeTasks",
        input: { cluster: "gpu", tasks: ["t1", `arn:aws:ecs:${ACCOUNT}:task/gpu/t2`] },
      },
      ["t1", "t2"].map((id) => ({
        action: "ecs:DescribeTasks",
        resource: `arn:aws:ecs:${ACCOUNT}:task/gpu/${id}`,
        context: { "ecs:cluster": `arn:aws:ecs:${ACCOUNT}:cluster/gpu` },
      })),
    ],
    [
      "GetMetricData, which supports no resource-level permissions, on *",
      { service: "CloudWatch", operation: "GetMetricData", input: {} },
      [{ action: "cloudwatch:GetMetricData", resource: "*" }],
    ],
  ])("%s", (_, call, expected) => {
    expect(iamRequestsOf(call)).toEqual(expected);
  });

  it("refuses an operation it has no mapping for, so no new call slips past the proof", () => {
    expect(() => iamRequestsOf({ service: "ECS", operation: "DeleteService", input: {} })).toThrow(
      /no IAM mapping for ECS:DeleteService/,
    );
  });
});

describe("callerOfStack", () => {
  const at = (...paths: string[]) => ["Error", ...paths.map((p) => `    at f (/repo/${p}:1:1)`)].join("\n");
  it.each([
    [
      "tick",
      at("shared/aws/EcsServiceScaler.ts", "shared/engine/evaluateRound.ts", "functions/tick/handleTick.ts"),
    ],
    ["policy-sync", at("shared/aws/CloudWatchAlarmManager.ts", "functions/policy-sync/syncPolicyChange.ts")],
    ["evaluator", at("shared/aws/DynamoStateStore.ts", "shared/engine/evaluateRound.ts", "test/x.test.ts")],
    ["cli", at("shared/aws/DynamoPolicyStore.ts", "cli/commands/policyPut.ts")],
    ["other", at("shared/aws/DynamoPolicyStore.ts", "test/integration/aws/DynamoPolicyStore.test.ts")],
  ])("names %s", (caller, stack) => {
    expect(callerOfStack(stack)).toBe(caller);
  });
});

/** What each function calls, as the integration suite records it (the tags the example fleet carries). */
function callsOf(caller: RecordedCall["caller"]): RecordedCall[] {
  const record = (call: SdkCall, tags: Record<string, string> = {}): RecordedCall => ({
    caller,
    call: `${call.service}:${call.operation}`,
    requests: iamRequestsOf(call).map((r) => ({ ...r, resourceTags: r.tagged ? tags : {} })),
  });
  const state = { TableName: "driftless-state" };
  if (caller === "policy-sync") {
    return [
      record({
        service: "CloudWatch",
        operation: "DescribeAlarms",
        input: { AlarmNamePrefix: "driftless-llm." },
      }),
      record({
        service: "CloudWatch",
        operation: "PutMetricAlarm",
        input: { AlarmName: "driftless-llm.scale-up" },
      }),
      record({
        service: "CloudWatch",
        operation: "DeleteAlarms",
        input: { AlarmNames: ["driftless-llm.scale-up"] },
      }),
      record({ service: "DynamoDB", operation: "GetItem", input: state }),
      record({ service: "DynamoDB", operation: "PutItem", input: state }),
    ];
  }
  return [
    record({ service: "DynamoDB", operation: "Scan", input: { TableName: "driftless-policies" } }),
    record({ service: "DynamoDB", operation: "GetItem", input: { TableName: "driftless-policies" } }),
    record({
      service: "DynamoDB",
      operation: "BatchGetItem",
      input: { RequestItems: { "driftless-state": {} } },
    }),
    record({ service: "DynamoDB", operation: "UpdateItem", input: state }),
    record({ service: "DynamoDB", operation: "PutItem", input: state }),
    record({
      service: "DynamoDB",
      operation: "BatchWriteItem",
      input: { RequestItems: { "driftless-history": [] } },
    }),
    record({ service: "CloudWatch", operation: "GetMetricData", input: {} }),
    record({ service: "AutoScaling", operation: "DescribeAutoScalingGroups", input: {} }),
    record(
      { service: "ECS", operation: "DescribeServices", input: { cluster: "gpu", services: ["llm"] } },
      TAGGED,
    ),
    record({ service: "ECS", operation: "UpdateService", input: { cluster: "gpu", service: "llm" } }, TAGGED),
    record({ service: "ECS", operation: "ListTasks", input: { cluster: "gpu", desiredStatus: "STOPPED" } }),
    record({ service: "ECS", operation: "DescribeTasks", input: { cluster: "gpu", tasks: ["t1"] } }),
    record(
      { service: "AutoScaling", operation: "SetDesiredCapacity", input: { AutoScalingGroupName: "g" } },
      TAGGED,
    ),
  ];
}
const everyCall = [...callsOf("tick"), ...callsOf("alarm"), ...callsOf("policy-sync")];

describe("proveCalls on the stack cdk synth builds", () => {
  it("allows every call each function makes", () => {
    const result = proveCalls(everyCall, deployed);
    expect(result.denials).toEqual([]);
    expect(result.checkedByFunction).toEqual({ tick: 13, alarm: 13, "policy-sync": 5 });
  });

  it("checks an engine call made outside a handler against both the tick and the alarm role", () => {
    const result = proveCalls(callsOf("evaluator"), deployed);
    expect(result.checkedByFunction).toEqual({ tick: 13, alarm: 13 });
    expect(result.denials).toEqual([]);
  });

  it("does not check calls of tests, the CLI or the demo against any function's role", () => {
    const cli: RecordedCall = { caller: "cli", call: "DynamoDB:PutItem", requests: [] };
    expect(proveCalls([cli], deployed)).toMatchObject({ notChecked: 1, denials: [] });
  });

  it.each([
    ["ListAlarms", "cloudwatch:DescribeAlarms"],
    ["ManageDriftlessAlarms", "cloudwatch:PutMetricAlarm"],
    ["ScaleEcsServices", "ecs:UpdateService"],
    ["ScaleGpuGroups", "autoscaling:SetDesiredCapacity"],
    ["ReadGroupsAndMetrics", "cloudwatch:GetMetricData"],
    ["ListStoppingTasks", "ecs:ListTasks"],
    ["DescribeStoppingTasks", "ecs:DescribeTasks"],
    ["dynamodb:BatchWriteItem", "dynamodb:BatchWriteItem"],
    ["dynamodb:Scan", "dynamodb:Scan"],
  ])("fails when the template lacks %s (denies %s)", (grant, action) => {
    const result = proveCalls(everyCall, withoutGrants(deployed, [grant]));
    expect(result.denials.map((d) => d.request.action)).toContain(action);
  });

  it("would have caught DescribeAlarms scoped to the alarm prefix (AWS authorizes a listing on alarm:*)", () => {
    // arrange: the statement as it was before the fix
    const old = structuredClone(deployed);
    for (const resource of Object.values(old.Resources)) {
      const doc = resource.Properties?.PolicyDocument as {
        Statement: { Sid?: string; Resource?: unknown }[];
      };
      for (const s of doc?.Statement ?? []) {
        if (s.Sid === "ListAlarms")
          s.Resource = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:driftless-*";
      }
    }
    // act
    const denied = proveCalls(callsOf("policy-sync"), old).denials.map((d) => d.request.action);
    // assert
    expect(denied).toEqual(["cloudwatch:DescribeAlarms"]);
  });

  it("denies UpdateService on an untagged service, also in a named cluster", () => {
    const untagged = callsOf("tick").map((c) => ({
      ...c,
      requests: c.requests.map((r) => ({ ...r, resourceTags: {} })),
    }));
    for (const t of [deployed, template({ "driftless:clusterNames": ["gpu"] })]) {
      const denied = proveCalls(untagged, t).denials.map((d) => d.request.action);
      expect(denied).toEqual(
        expect.arrayContaining([
          "ecs:UpdateService",
          "ecs:DescribeServices",
          "autoscaling:SetDesiredCapacity",
        ]),
      );
    }
  });

  it("denies ListTasks and DescribeTasks in a cluster outside the named ones", () => {
    const named = template({ "driftless:clusterNames": ["gpu"] });
    const elsewhere = callsOf("tick")
      .filter((c) => c.call === "ECS:ListTasks" || c.call === "ECS:DescribeTasks")
      .map((c) => ({
        ...c,
        requests: c.requests.map((r) => ({
          ...r,
          resource: r.resource.replace("/gpu/", "/other/"),
          context: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/other" },
        })),
      }));
    expect(proveCalls(elsewhere, named).denials.map((d) => d.request.action)).toEqual([
      "ecs:ListTasks",
      "ecs:DescribeTasks",
    ]);
    expect(proveCalls(callsOf("tick"), named).denials).toEqual([]);
  });

  it("does not count a request on a resource that was not there (tags unknown) as allowed or denied", () => {
    const [update] = callsOf("tick").filter((c) => c.call === "ECS:UpdateService");
    const missing: RecordedCall = {
      ...update!,
      requests: update!.requests.map((r) => ({ ...r, resourceTags: {}, tagsUnknown: true as const })),
    };
    expect(proveCalls([missing], deployed)).toMatchObject({ tagsUnknown: 1, denials: [], allowed: [] });
  });

  it("fails a call whose operation has no IAM mapping, and one by a function with no role in the template", () => {
    const unmapped: RecordedCall = {
      caller: "tick",
      call: "ECS:DeleteService",
      requests: [],
      unmapped: "no IAM mapping",
    };
    const forecast: RecordedCall = { ...callsOf("tick")[0]!, caller: "forecast" };
    const noForecastRole = structuredClone(deployed);
    for (const id of Object.keys(noForecastRole.Resources)) {
      if (id.startsWith("AutoscalerForecastRole")) delete noForecastRole.Resources[id];
    }
    const result = proveCalls([unmapped, forecast], noForecastRole);
    expect(result.denials.map((d) => [d.function, d.call, d.role])).toEqual([
      ["tick", "ECS:DeleteService", expect.stringMatching(/^AutoscalerTickRole/)],
      ["forecast", "DynamoDB:Scan", undefined],
    ]);
  });
});

describe("proveCalls on the forecast function", () => {
  const put = (targetId: string): RecordedCall => ({
    caller: "forecast",
    call: "DynamoDB:PutItem",
    requests: iamRequestsOf({
      service: "DynamoDB",
      operation: "PutItem",
      input: { TableName: "driftless-state", Item: { targetId, version: 1 } },
    }).map((r) => ({ ...r, resourceTags: {} })),
  });

  it("allows its forecast items in the state table (dynamodb:LeadingKeys under the forecast prefix)", () => {
    const scan: RecordedCall = {
      caller: "forecast",
      call: "DynamoDB:Scan",
      requests: [
        {
          action: "dynamodb:Scan",
          resource: `arn:aws:dynamodb:${ACCOUNT}:table/driftless-policies`,
          resourceTags: {},
        },
      ],
    };
    expect(proveCalls([scan, put(`${FORECAST_KEY_PREFIX}llm`)], deployed).denials).toEqual([]);
  });

  it("denies it a target's decision state or the settings item", () => {
    const denied = proveCalls([put("llm"), put("__settings__")], deployed).denials;
    expect(denied.map((d) => d.request.context)).toEqual([
      { "dynamodb:LeadingKeys": ["llm"] },
      { "dynamodb:LeadingKeys": ["__settings__"] },
    ]);
  });
});

describe("isAllowed (strict)", () => {
  const grants = (statements: RoleGrants["statements"][number]["statement"][]): RoleGrants => ({
    statements: statements.map((statement) => ({ role: "R", statement })),
    managedPolicyArns: new Map(),
  });
  const request = {
    action: "ecs:UpdateService",
    resource: "arn:aws:ecs:r:a:service/c/s",
    resourceTags: TAGGED,
  };
  const allow = {
    Effect: "Allow" as const,
    Action: "ecs:UpdateService",
    Resource: "arn:aws:ecs:r:a:service/*",
  };

  it.each([
    ["an Allow without conditions", [allow], true],
    [
      "an Allow whose tag condition holds",
      [{ ...allow, Condition: { StringEquals: { "aws:ResourceTag/driftless:managed": "true" } } }],
      true,
    ],
    [
      "an Allow whose tag condition fails",
      [{ ...allow, Condition: { StringEquals: { "aws:ResourceTag/other": "x" } } }],
      false,
    ],
    [
      "an Allow on an unmodelled condition",
      [{ ...allow, Condition: { NumericLessThan: { "ecs:x": "1" } } }],
      false,
    ],
    [
      "an Allow with an absent key under IfExists",
      [{ ...allow, Condition: { StringEqualsIfExists: { "ecs:x": "1" } } }],
      true,
    ],
    [
      "an Allow beside a Deny that may apply",
      [
        allow,
        {
          ...allow,
          Effect: "Deny" as const,
          Condition: { NumericLessThan: { "aws:ResourceTag/driftless:managed": "1" } },
        },
      ],
      false,
    ],
    [
      "an Allow beside a Deny whose key is absent",
      [allow, { ...allow, Effect: "Deny" as const, Condition: { StringEquals: { "ecs:x": "1" } } }],
      true,
    ],
    ["an Allow of another action", [{ ...allow, Action: "ecs:DescribeServices" }], false],
    ["an Allow of another cluster", [{ ...allow, Resource: "arn:aws:ecs:r:a:service/d/*" }], false],
    [
      "ForAllValues on an absent key (true, as in IAM)",
      [{ ...allow, Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["f#*"] } } }],
      true,
    ],
  ])("%s: %s", (_, statements, expected) => {
    expect(isAllowed(grants(statements), "R", request)).toBe(expected);
  });
});
