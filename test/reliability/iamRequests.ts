/**
 * What IAM authorizes for one SDK call, per AWS's Service Authorization Reference: the action
 * (`service-prefix:Operation`), the resource ARN it is checked against and the request's condition keys.
 * A call may authorize several requests (a BatchGetItem over two tables, DescribeServices of three
 * services). An operation without a mapping here throws, so a new call cannot slip past the IAM proof.
 */
import { EVALUATOR_ENVIRONMENT } from "./iamEvaluator";

/** One SDK call as the counting middleware sees it. */
export interface SdkCall {
  /** `ECS`, `DynamoDB`, `CloudWatch`, `AutoScaling`, `ApplicationAutoScaling`, ... */
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
}

/** The resource whose tags an authorization depends on (looked up on the emulator when recorded). */
export type TaggedResource =
  | { readonly kind: "ecs-service"; readonly cluster: string; readonly service: string }
  | { readonly kind: "auto-scaling-group"; readonly name: string };

/** One authorization request of a call. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request (besides tags), e.g. `ecs:cluster`, `dynamodb:LeadingKeys`. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Whose tags `aws:ResourceTag/*` conditions read. */
  readonly tagged?: TaggedResource;
}

const { partition, region, account } = EVALUATOR_ENVIRONMENT;
const arn = (service: string, resource: string) =>
  `arn:${partition}:${service}:${region}:${account}:${resource}`;

/** An Auto Scaling group's ARN carries a generated id the caller never sees; any id stands for it. */
const GROUP_ID = "00000000-0000-0000-0000-000000000000";

type Input = Record<string, unknown>;
type Mapper = (input: Input) => IamRequest[];

const tableArn = (name: unknown, index?: unknown) =>
  arn("dynamodb", `table/${String(name)}${index === undefined ? "" : `/index/${String(index)}`}`);

/** Every driftless table's partition key (tableDefinitions): the value `dynamodb:LeadingKeys` sees. */
const PARTITION_KEY = "targetId";
/** The partition key value of an item or key, plain (document client) or marshalled (`{ S: ... }`). */
function leadingKey(item: unknown): string | undefined {
  const value = (item as Input | undefined)?.[PARTITION_KEY];
  if (typeof value === "string") return value;
  const marshalled = (value as { S?: unknown } | undefined)?.S;
  return typeof marshalled === "string" ? marshalled : undefined;
}
const leadingKeys = (items: readonly unknown[]) => {
  const keys = items.map(leadingKey).filter((k): k is string => k !== undefined);
  return keys.length === 0 ? undefined : { "dynamodb:LeadingKeys": keys };
};
/** On one table, with the leading key of the item (PutItem) or key (Get/Update/DeleteItem). */
const onTable =
  (action: string): Mapper =>
  (input) => {
    const context = leadingKeys([input.Item ?? input.Key]);
    return [{ action, resource: tableArn(input.TableName), ...(context ? { context } : {}) }];
  };
const onTableOnly =
  (action: string): Mapper =>
  (input) => [{ action, resource: tableArn(input.TableName) }];
const onTableOrIndex =
  (action: string): Mapper =>
  (input) => [{ action, resource: tableArn(input.TableName, input.IndexName) }];
/** Once per table of RequestItems, with the leading keys of that table's keys or put/delete requests. */
const onEveryTable =
  (action: string): Mapper =>
  (input) =>
    Object.entries((input.RequestItems as Input | undefined) ?? {}).map(([table, body]) => {
      const items = Array.isArray(body)
        ? body.map((r) => {
            const request = r as { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } };
            return request.PutRequest?.Item ?? request.DeleteRequest?.Key;
          })
        : (((body as Input | undefined)?.Keys as unknown[] | undefined) ?? []);
      const context = leadingKeys(items);
      return { action, resource: tableArn(table), ...(context ? { context } : {}) };
    });
const onStar =
  (action: string): Mapper =>
  () => [{ action, resource: "*" }];

/** TransactWriteItems is not an IAM action: each item is authorized as its own write. */
const transactWrite: Mapper = (input) =>
  ((input.TransactItems as Input[] | undefined) ?? []).flatMap((item) =>
    Object.entries(item).map(([kind, body]) => ({
      action: `dynamodb:${kind === "ConditionCheck" ? "ConditionCheckItem" : `${kind}Item`}`,
      resource: tableArn((body as Input).TableName),
      ...(() => {
        const context = leadingKeys([(body as Input).Item ?? (body as Input).Key]);
        return context ? { context } : {};
      })(),
    })),
  );

const alarmArn = (name: unknown) => arn("cloudwatch", `alarm:${String(name)}`);
/** A listing (by prefix, state or nothing) is authorized against `alarm:*`; named alarms each by its ARN. */
const describeAlarms: Mapper = (input) => {
  const names = (input.AlarmNames as string[] | undefined) ?? [];
  if (names.length === 0) return [{ action: "cloudwatch:DescribeAlarms", resource: alarmArn("*") }];
  return names.map((name) => ({ action: "cloudwatch:DescribeAlarms", resource: alarmArn(name) }));
};

/** ECS takes a service or cluster as a name or an ARN; the cluster defaults to `default`. */
function ecsService(cluster: unknown, service: unknown): IamRequest & { tagged: TaggedResource } {
  const clusterName = lastSegment(cluster ?? "default");
  const serviceText = String(service);
  const serviceName = lastSegment(serviceText);
  return {
    action: "",
    resource: arn("ecs", `service/${clusterName}/${serviceName}`),
    context: { "ecs:cluster": arn("ecs", `cluster/${clusterName}`) },
    tagged: { kind: "ecs-service", cluster: clusterName, service: serviceName },
  };
}
const onServices =
  (action: string): Mapper =>
  (input) =>
    ((input.services as string[] | undefined) ?? []).map((service) => ({
      ...ecsService(input.cluster, service),
      action,
    }));
const onService =
  (action: string): Mapper =>
  (input) => [{ ...ecsService(input.cluster, input.service), action }];
const onCapacityProviders: Mapper = (input) => {
  const names = (input.capacityProviders as string[] | undefined) ?? [];
  if (names.length === 0) return [{ action: "ecs:DescribeCapacityProviders", resource: "*" }];
  return names.map((name) => ({
    action: "ecs:DescribeCapacityProviders",
    resource: arn("ecs", `capacity-provider/${lastSegment(name)}`),
  }));
};
const onGroup =
  (action: string): Mapper =>
  (input) => {
    const name = String(input.AutoScalingGroupName);
    return [
      {
        action,
        resource: arn("autoscaling", `autoScalingGroup:${GROUP_ID}:autoScalingGroupName/${name}`),
        tagged: { kind: "auto-scaling-group", name },
      },
    ];
  };

/** SDK service name -> operation -> its IAM requests. */
const MAPPERS: Readonly<Record<string, Readonly<Record<string, Mapper>>>> = {
  DynamoDB: {
    GetItem: onTable("dynamodb:GetItem"),
    PutItem: onTable("dynamodb:PutItem"),
    UpdateItem: onTable("dynamodb:UpdateItem"),
    DeleteItem: onTable("dynamodb:DeleteItem"),
    Query: onTableOrIndex("dynamodb:Query"),
    Scan: onTableOrIndex("dynamodb:Scan"),
    BatchGetItem: onEveryTable("dynamodb:BatchGetItem"),
    BatchWriteItem: onEveryTable("dynamodb:BatchWriteItem"),
    TransactWriteItems: transactWrite,
    DescribeTable: onTableOnly("dynamodb:DescribeTable"),
    CreateTable: onTableOnly("dynamodb:CreateTable"),
    UpdateTimeToLive: onTableOnly("dynamodb:UpdateTimeToLive"),
  },
  CloudWatch: {
    GetMetricData: onStar("cloudwatch:GetMetricData"),
    PutMetricData: onStar("cloudwatch:PutMetricData"),
    DescribeAlarms: describeAlarms,
    PutMetricAlarm: (input) => [{ action: "cloudwatch:PutMetricAlarm", resource: alarmArn(input.AlarmName) }],
    DeleteAlarms: (input) =>
      ((input.AlarmNames as string[] | undefined) ?? []).map((name) => ({
        action: "cloudwatch:DeleteAlarms",
        resource: alarmArn(name),
      })),
  },
  ECS: {
    DescribeServices: onServices("ecs:DescribeServices"),
    UpdateService: onService("ecs:UpdateService"),
    DescribeCapacityProviders: onCapacityProviders,
    ListContainerInstances: (input) => [
      {
        action: "ecs:ListContainerInstances",
        resource: arn("ecs", `cluster/${lastSegment(input.cluster ?? "default")}`),
      },
    ],
    DescribeContainerInstances: (input) => {
      const cluster = lastSegment(input.cluster ?? "default");
      return ((input.containerInstances as string[] | undefined) ?? []).map((ci) => ({
        action: "ecs:DescribeContainerInstances",
        // An id or an ARN (its last segment is the id), of a container instance in `cluster`.
        resource: arn("ecs", `container-instance/${cluster}/${lastSegment(ci)}`),
        context: { "ecs:cluster": arn("ecs", `cluster/${cluster}`) },
      }));
    },
    // A cluster-wide listing (no containerInstance named) is authorized against "*" with the ecs:cluster key;
    // naming a container instance authorizes it against that instance.
    ListTasks: (input) => {
      const cluster = lastSegment(input.cluster ?? "default");
      const instance = input.containerInstance;
      return [
        {
          action: "ecs:ListTasks",
          resource:
            instance === undefined
              ? "*"
              : arn("ecs", `container-instance/${cluster}/${lastSegment(instance)}`),
          context: { "ecs:cluster": arn("ecs", `cluster/${cluster}`) },
        },
      ];
    },
    DescribeTasks: (input) => {
      const cluster = lastSegment(input.cluster ?? "default");
      return ((input.tasks as string[] | undefined) ?? []).map((task) => ({
        action: "ecs:DescribeTasks",
        // An id or an ARN (its last segment is the id), of a task in `cluster` (the long ARN format).
        resource: arn("ecs", `task/${cluster}/${lastSegment(task)}`),
        context: { "ecs:cluster": arn("ecs", `cluster/${cluster}`) },
      }));
    },
    DescribeClusters: (input) =>
      ((input.clusters as string[] | undefined) ?? ["default"]).map((cluster) => ({
        action: "ecs:DescribeClusters",
        resource: arn("ecs", `cluster/${lastSegment(cluster)}`),
      })),
  },
  AutoScaling: {
    DescribeAutoScalingGroups: onStar("autoscaling:DescribeAutoScalingGroups"),
    DescribeWarmPool: onStar("autoscaling:DescribeWarmPool"),
    DescribeScalingActivities: onStar("autoscaling:DescribeScalingActivities"),
    SetDesiredCapacity: onGroup("autoscaling:SetDesiredCapacity"),
    SetInstanceProtection: onGroup("autoscaling:SetInstanceProtection"),
    UpdateAutoScalingGroup: onGroup("autoscaling:UpdateAutoScalingGroup"),
  },
  // Application Auto Scaling's Describe* APIs support no resource-level permissions.
  ApplicationAutoScaling: {
    DescribeScalableTargets: onStar("application-autoscaling:DescribeScalableTargets"),
    DescribeScalingPolicies: onStar("application-autoscaling:DescribeScalingPolicies"),
    DescribeScheduledActions: onStar("application-autoscaling:DescribeScheduledActions"),
  },
};

/** The IAM requests `call` makes; throws for an operation with no mapping (add it above). */
export function iamRequestsOf(call: SdkCall): IamRequest[] {
  const mapper = MAPPERS[call.service]?.[call.operation];
  if (mapper === undefined) {
    throw new Error(
      `no IAM mapping for ${call.service}:${call.operation}: add its action and resource (per the Service ` +
        "Authorization Reference) to test/reliability/iamRequests.ts",
    );
  }
  return mapper((call.input ?? {}) as Input);
}

function lastSegment(nameOrArn: unknown): string {
  const text = String(nameOrArn);
  return text.startsWith("arn:") ? (text.split("/").pop() ?? text) : text;
}
