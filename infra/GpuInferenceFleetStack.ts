import {
  AspectPriority,
  Aspects,
  CfnOutput,
  Duration,
  type IAspect,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from "aws-cdk-lib";
import * as autoscaling from "aws-cdk-lib/aws-autoscaling";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as ssm from "aws-cdk-lib/aws-ssm";
import type { Construct, IConstruct, Node } from "constructs";
import { ContextReader } from "./ContextReader";
import { MANAGED_TAG } from "./managedTag";

/** The CloudWatch namespace the example service's metrics land in (infra/examplePolicy.json reads them). */
export const INFERENCE_METRICS_NAMESPACE = "Inference";

export interface GpuInferenceFleetProps {
  /**
   * ECS cluster name (infra/examplePolicy.json's `target.cluster`).
   * @default "driftless-example"
   */
  readonly clusterName?: string;
  /**
   * ECS service name (infra/examplePolicy.json's `target.service`).
   * @default "vllm"
   */
  readonly serviceName?: string;
  /**
   * GPU instance types, in order of preference; each should have as many GPUs as the others.
   * @default ["g6.xlarge", "g5.xlarge", "g6.2xlarge", "g5.2xlarge"] (one NVIDIA L4 or A10G each)
   */
  readonly instanceTypes?: readonly string[];
  /**
   * Most instances the GPU Auto Scaling group may run (the policy's max_replicas at one GPU per task).
   * @default 4
   */
  readonly maxInstances?: number;
  /**
   * Keep stopped, pre-initialized instances in a warm pool so a scale-up boots faster. Auto Scaling does not
   * allow a warm pool beside a mixed instances policy, so with it the group runs on-demand instances of the
   * first instance type only.
   * @default false (a spot and on-demand mix over every instance type)
   */
  readonly warmPool?: boolean;
  /**
   * On-demand instances before any spot instance is used (mixed instances only).
   * @default 1
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Percentage of on-demand instances above the base (mixed instances only; the rest are spot).
   * @default 50
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /**
   * Who sets the GPU group's desired capacity, as the example policy's `target.capacity.mode` says:
   * `managed`: ECS managed scaling (its target tracking on the group, managed termination protection) and
   * driftless scales the service only; `direct`: driftless sets the group's desired capacity itself, so ECS
   * managed scaling and managed termination protection are off (they would fight it).
   * @default "managed"
   */
  readonly capacityMode?: FleetCapacityMode;
  /**
   * The inference container: an OpenAI-compatible vLLM server listening on port 8000.
   * @default "vllm/vllm-openai:v0.8.5"
   */
  readonly containerImage?: string;
  /**
   * The model the server loads.
   * @default "Qwen/Qwen2.5-1.5B-Instruct"
   */
  readonly model?: string;
}

export interface GpuInferenceFleetStackProps extends StackProps {
  /** @default - read from context keys `fleet:*` (see fleetPropsFromContext) */
  readonly fleet?: GpuInferenceFleetProps;
}

/** Who sets the GPU group's desired capacity (the example policy's `target.capacity.mode`). */
export type FleetCapacityMode = "managed" | "direct";

const CONTAINER_PORT = 8000;
const VPC_CIDR = "10.20.0.0/16";

/**
 * An example GPU inference fleet for driftless to scale: a VPC, an ECS cluster, a GPU Auto Scaling group on
 * the Amazon Linux 2023 ECS GPU AMI (resolved from its public SSM parameter at deploy time) behind a
 * capacity provider with managed draining (and, in capacity mode `managed`, managed scaling and managed
 * termination protection), and a vLLM service (one GPU per task, tagged driftless:managed=true) whose
 * collector sidecar publishes ongoing requests and time to first token.
 */
export class GpuInferenceFleetStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly capacityProvider: ecs.AsgCapacityProvider;
  readonly service: ecs.Ec2Service;

  constructor(scope: Construct, id: string, props: GpuInferenceFleetStackProps = {}) {
    super(scope, id, props);
    const fleet = props.fleet ?? fleetPropsFromContext(this.node);
    const clusterName = fleet.clusterName ?? "driftless-example";
    const serviceName = fleet.serviceName ?? "vllm";
    const instanceTypes = fleet.instanceTypes ?? ["g6.xlarge", "g5.xlarge", "g6.2xlarge", "g5.2xlarge"];
    const firstType = instanceTypes[0];
    if (firstType === undefined) throw new Error("GpuInferenceFleetStack: instanceTypes must not be empty");
    const warmPool = fleet.warmPool ?? false;
    const managedScaling = (fleet.capacityMode ?? "managed") === "managed";

    const vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      // One NAT gateway: instances pull the container image and the model weights from the internet.
      natGateways: 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "gpu", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    });
    vpc.addFlowLog("FlowLogs", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, "FlowLogGroup", {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ),
    });

    this.cluster = new ecs.Cluster(this, "Cluster", {
      vpc,
      clusterName,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    const instanceRole = new iam.Role(this, "InstanceRole", {
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
      description: "GPU container instances of the driftless example fleet",
    });
    const instanceSecurityGroup = new ec2.SecurityGroup(this, "InstanceSecurityGroup", {
      vpc,
      description: "GPU container instances: no inbound, outbound for images and model weights",
      allowAllOutbound: true,
    });
    const userData = ec2.UserData.forLinux();
    if (warmPool) {
      // The ECS agent must not register an instance that is being prepared for the warm pool.
      userData.addCommands("echo ECS_WARM_POOLS_CHECK=true >> /etc/ecs/ecs.config");
    }
    const launchTemplate = new ec2.LaunchTemplate(this, "GpuLaunchTemplate", {
      // A CloudFormation parameter of type AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>, resolved at deploy
      // time (no synth-time lookup): the Amazon Linux 2023 ECS GPU AMI (NVIDIA driver included),
      // /aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id. AL2 is being retired.
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU),
      ...(warmPool ? { instanceType: new ec2.InstanceType(firstType) } : {}),
      userData,
      role: instanceRole,
      securityGroup: instanceSecurityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [
        {
          // Room for the multi-GB inference image and the model weights.
          deviceName: "/dev/xvda",
          volume: ec2.BlockDeviceVolume.ebs(200, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
          }),
        },
      ],
    });

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, "GpuGroup", {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      autoScalingGroupName: `${clusterName}-gpu`,
      minCapacity: 0,
      maxCapacity: fleet.maxInstances ?? 4,
      ...(warmPool
        ? { launchTemplate }
        : {
            mixedInstancesPolicy: {
              launchTemplate,
              launchTemplateOverrides: instanceTypes.map((t) => ({ instanceType: new ec2.InstanceType(t) })),
              instancesDistribution: {
                onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
                onDemandBaseCapacity: fleet.onDemandBaseCapacity ?? 1,
                onDemandPercentageAboveBaseCapacity: fleet.onDemandPercentageAboveBaseCapacity ?? 50,
                spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
              },
            },
            capacityRebalance: true,
          }),
    });
    if (warmPool) {
      // ReuseOnScaleIn: driftless's SetDesiredCapacity scale-in stops instances back into the pool instead of
      // terminating them, so the next scale-out restarts one (a minute or two) rather than booting it.
      this.autoScalingGroup.addWarmPool({
        minSize: 0,
        poolState: autoscaling.PoolState.STOPPED,
        reuseOnScaleIn: true,
      });
    }
    Tags.of(this.autoScalingGroup).add(MANAGED_TAG.key, MANAGED_TAG.value, {
      applyToLaunchedInstances: false,
    });
    Validations.of(this.autoScalingGroup).acknowledge(
      {
        id: "AwsSolutions-AS3",
        reason:
          "Instance launches and terminations are driven by the ECS capacity provider and visible in its events and in driftless's dashboard; an example fleet needs no extra notification topic.",
      },
      {
        id: "AwsSolutions-EC26",
        reason:
          "The rule cannot read a launch template through a mixed instances policy; the template's only block device is an encrypted gp3 volume (asserted in test/infra).",
      },
    );

    this.capacityProvider = new ecs.AsgCapacityProvider(this, "GpuCapacityProvider", {
      autoScalingGroup: this.autoScalingGroup,
      capacityProviderName: `${clusterName}-gpu`,
      // Managed termination protection needs managed scaling: both on, or (direct mode) both off.
      enableManagedScaling: managedScaling,
      enableManagedTerminationProtection: managedScaling,
      enableManagedDraining: true,
      ...(managedScaling ? { targetCapacityPercent: 100 } : {}),
      // The ECS-optimized AL2023 AMI reads /etc/ecs/ecs.config as AL2 does (the user data CDK writes).
      machineImageType: ecs.MachineImageType.AMAZON_LINUX_2,
    });
    if (!managedScaling) {
      // CDK omits ManagedScaling when it is off; say DISABLED so no default of the API turns it on.
      const cfn = this.capacityProvider.node.findChild("GpuCapacityProvider") as ecs.CfnCapacityProvider;
      cfn.addPropertyOverride("AutoScalingGroupProvider.ManagedScaling.Status", "DISABLED");
    }
    this.cluster.addAsgCapacityProvider(this.capacityProvider);
    Validations.of(instanceRole).acknowledge(
      {
        id: "AwsSolutions-IAM5[Action::ecs:Submit*]",
        reason:
          "The ECS container agent's own permissions (as in AmazonEC2ContainerServiceforEC2Role), granted by the cluster and limited to this cluster's ARN.",
      },
      {
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "ECS agent calls without resource-level permissions (ecs:DiscoverPollEndpoint, ecr:GetAuthorizationToken, log writes) and ecs:Poll/StartTelemetrySession under an ecs:cluster condition on this cluster.",
      },
    );

    // ---- the inference service ----
    const taskDefinition = new ecs.Ec2TaskDefinition(this, "InferenceTask", {
      networkMode: ecs.NetworkMode.AWS_VPC,
    });
    const logGroup = new logs.LogGroup(this, "InferenceLogs", {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const server = taskDefinition.addContainer("vllm", {
      image: ecs.ContainerImage.fromRegistry(fleet.containerImage ?? "vllm/vllm-openai:v0.8.5"),
      command: ["--model", fleet.model ?? "Qwen/Qwen2.5-1.5B-Instruct", "--port", String(CONTAINER_PORT)],
      gpuCount: 1,
      memoryReservationMiB: 12_288,
      portMappings: [{ containerPort: CONTAINER_PORT }],
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "vllm" }),
      healthCheck: {
        command: ["CMD-SHELL", `curl -fs http://localhost:${CONTAINER_PORT}/health || exit 1`],
        // Loading the model takes a while; the policy's cold_start_s says how long.
        startPeriod: Duration.seconds(300),
        interval: Duration.seconds(15),
      },
    });

    // The collector scrapes vLLM's Prometheus endpoint and writes embedded-metric-format logs, which
    // CloudWatch turns into the metrics the policy reads. Its configuration travels as an SSM parameter.
    const metricsLogGroup = new logs.LogGroup(this, "InferenceMetricsLogs", {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const collectorConfig = new ssm.StringParameter(this, "CollectorConfig", {
      description: "ADOT collector configuration of the driftless example inference service",
      stringValue: collectorConfiguration({
        clusterName,
        serviceName,
        logGroupName: metricsLogGroup.logGroupName,
      }),
    });
    const collector = taskDefinition.addContainer("metrics", {
      image: ecs.ContainerImage.fromRegistry("public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"),
      essential: true,
      memoryReservationMiB: 256,
      secrets: { AOT_CONFIG_CONTENT: ecs.Secret.fromSsmParameter(collectorConfig) },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "collector" }),
    });
    Validations.of(taskDefinition).acknowledge({
      id: "AwsSolutions-ECS2",
      reason:
        "The only environment variable is AWS_REGION, which CDK sets on every container; the collector's configuration comes from SSM as a secret.",
    });
    collector.addContainerDependencies({
      container: server,
      condition: ecs.ContainerDependencyCondition.START,
    });
    metricsLogGroup.grantWrite(taskDefinition.taskRole);

    const serviceSecurityGroup = new ec2.SecurityGroup(this, "ServiceSecurityGroup", {
      vpc,
      description: "vLLM tasks: the OpenAI-compatible API from inside the VPC only",
      allowAllOutbound: true,
    });
    serviceSecurityGroup.addIngressRule(
      ec2.Peer.ipv4(VPC_CIDR),
      ec2.Port.tcp(CONTAINER_PORT),
      "OpenAI-compatible API from the VPC (put a load balancer or Service Connect in front)",
    );
    this.service = new ecs.Ec2Service(this, "InferenceService", {
      cluster: this.cluster,
      serviceName,
      taskDefinition,
      // No desiredCount: driftless owns it, and a count in the template would reset it on every deploy.
      minHealthyPercent: 50,
      maxHealthyPercent: 200,
      capacityProviderStrategies: [
        { capacityProvider: this.capacityProvider.capacityProviderName, weight: 1 },
      ],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [serviceSecurityGroup],
      circuitBreaker: { rollback: true },
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    Tags.of(this.service).add(MANAGED_TAG.key, MANAGED_TAG.value);
    // The service's strategy names the capacity provider, which only works once the cluster is associated
    // with it; on delete the association must outlive the service. CDK adds no such dependency itself, and
    // creates the association in a mutating aspect, so this one runs after it.
    Aspects.of(this.service).add(new DependOnCapacityProviderAssociation(this.cluster), {
      priority: AspectPriority.MUTATING + 1,
    });

    new CfnOutput(this, "ClusterName", { value: this.cluster.clusterName });
    new CfnOutput(this, "ServiceName", { value: this.service.serviceName });
    new CfnOutput(this, "AutoScalingGroupName", { value: this.autoScalingGroup.autoScalingGroupName });
    new CfnOutput(this, "CapacityProviderName", { value: this.capacityProvider.capacityProviderName });
  }
}

/** Makes the ECS service (the node it visits) depend on the cluster's capacity provider association. */
class DependOnCapacityProviderAssociation implements IAspect {
  constructor(private readonly cluster: ecs.Cluster) {}

  visit(node: IConstruct): void {
    if (!(node instanceof ecs.CfnService)) return;
    const association = this.cluster.node.children.find(
      (child) => child instanceof ecs.CfnClusterCapacityProviderAssociations,
    );
    if (association === undefined)
      throw new Error("GpuInferenceFleetStack: no capacity provider association");
    node.node.addDependency(association);
  }
}

/**
 * The fleet props from context keys `fleet:*` (all optional): clusterName, serviceName, instanceTypes (a
 * JSON array or "a,b"), maxInstances, warmPool, onDemandBaseCapacity, onDemandPercentageAboveBaseCapacity,
 * capacityMode (`managed` or `direct`), containerImage, model. Throws naming every invalid key.
 */
export function fleetPropsFromContext(node: Node): GpuInferenceFleetProps {
  const c = new ContextReader(node);
  const props: GpuInferenceFleetProps = {
    clusterName: c.string("fleet:clusterName"),
    serviceName: c.string("fleet:serviceName"),
    instanceTypes: c.list("fleet:instanceTypes"),
    maxInstances: c.number("fleet:maxInstances", { min: 1, max: 1000, integer: true }),
    warmPool: c.boolean("fleet:warmPool"),
    onDemandBaseCapacity: c.number("fleet:onDemandBaseCapacity", { min: 0, max: 1000, integer: true }),
    onDemandPercentageAboveBaseCapacity: c.number("fleet:onDemandPercentageAboveBaseCapacity", {
      min: 0,
      max: 100,
      integer: true,
    }),
    capacityMode: c.oneOf<FleetCapacityMode>("fleet:capacityMode", ["managed", "direct"]),
    containerImage: c.string("fleet:containerImage"),
    model: c.string("fleet:model"),
  };
  c.throwIfInvalid("GpuInferenceFleetStack");
  return Object.fromEntries(
    Object.entries(props).filter(([, v]) => v !== undefined),
  ) as GpuInferenceFleetProps;
}

/**
 * The ADOT collector's configuration: scrape vLLM every 10 s and publish, with dimensions ClusterName and
 * ServiceName in namespace Inference, the running and waiting request gauges (their sum is the ongoing
 * requests the policy scales on) and the time-to-first-token histogram (as count, sum, min and max).
 */
export function collectorConfiguration(names: {
  clusterName: string;
  serviceName: string;
  logGroupName: string;
}): string {
  const config = {
    receivers: {
      prometheus: {
        config: {
          scrape_configs: [
            {
              job_name: "vllm",
              scrape_interval: "10s",
              static_configs: [
                {
                  targets: [`localhost:${CONTAINER_PORT}`],
                  labels: { ClusterName: names.clusterName, ServiceName: names.serviceName },
                },
              ],
            },
          ],
        },
      },
    },
    processors: { batch: { timeout: "10s" } },
    exporters: {
      awsemf: {
        namespace: INFERENCE_METRICS_NAMESPACE,
        log_group_name: names.logGroupName,
        dimension_rollup_option: "NoDimensionRollup",
        metric_declarations: [
          {
            dimensions: [["ClusterName", "ServiceName"]],
            metric_name_selectors: [
              "^vllm:num_requests_running$",
              "^vllm:num_requests_waiting$",
              "^vllm:time_to_first_token_seconds$",
            ],
          },
        ],
      },
    },
    service: {
      pipelines: { metrics: { receivers: ["prometheus"], processors: ["batch"], exporters: ["awsemf"] } },
    },
  };
  // YAML is a superset of JSON: the collector reads this as it is.
  return JSON.stringify(config);
}
