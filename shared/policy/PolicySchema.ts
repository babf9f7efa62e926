import { z } from "zod";
import { CLOUDWATCH_PERIODS_TEXT, isCloudWatchPeriod } from "../metrics/cloudWatchPeriod";
import { cronProblem } from "./cronProblem";
import { isValidTimeZone } from "./isValidTimeZone";
import { LeadSchema } from "./LeadSchema";
import { PREDICTIVE_DEFAULT, PredictiveSchema } from "./PredictiveSchema";
import { strictSection } from "./strictSection";

// Sanity ceilings: far above any real fleet, low enough that a stray extra digit is caught.
export const MAX_REPLICAS_CEILING = 10_000;
export const MAX_DELAY_S = 7 * 24 * 3600;
export const MAX_FACTOR = 100;

const replicas = z.number().int().min(0).max(MAX_REPLICAS_CEILING);
const positiveReplicas = z.number().int().min(1).max(MAX_REPLICAS_CEILING);
const delaySeconds = z.number().min(0).max(MAX_DELAY_S);
const positiveSeconds = z.number().gt(0).max(MAX_DELAY_S);
const factor = z.number().gt(0).max(MAX_FACTOR);
const nonEmpty = z.string().trim().min(1);
const targetOngoingRequests = z.number().gt(0).max(1e6);
const aggregationFunction = z.enum(["mean", "max", "min"]);

/** Ray Serve `autoscaling_config` fields that a schedule window may override. */
export const RayOverridesShape = {
  min_replicas: replicas.optional(),
  max_replicas: positiveReplicas.optional(),
  target_ongoing_requests: targetOngoingRequests.optional(),
  upscale_delay_s: delaySeconds.optional(),
  downscale_delay_s: delaySeconds.optional(),
  // Ray writes unset optional fields as null; accept that as "unset" so Ray configs paste as they are.
  downscale_to_zero_delay_s: delaySeconds.nullish(),
  upscaling_factor: factor.nullish(),
  downscaling_factor: factor.nullish(),
};

/** Every Ray Serve `autoscaling_config` field driftless accepts, deprecated aliases included. */
export const RayFieldsShape = {
  ...RayOverridesShape,
  initial_replicas: replicas.nullish(),
  /** Deprecated Ray name of `target_ongoing_requests`. */
  target_num_ongoing_requests_per_replica: targetOngoingRequests.nullish(),
  /** Deprecated: used for both factors when they are unset. */
  smoothing_factor: factor.nullish(),
  /** Deprecated Ray name of `upscaling_factor`. */
  upscale_smoothing_factor: factor.nullish(),
  /** Deprecated Ray name of `downscaling_factor`. */
  downscale_smoothing_factor: factor.nullish(),
  look_back_period_s: positiveSeconds.optional(),
  aggregation_function: aggregationFunction.optional(),
  metrics_interval_s: positiveSeconds.optional(),
};

/**
 * Ray Serve's own defaults (its `AutoscalingConfig`), their one home. They are not on the input fields
 * above because "unset" must stay visible there: a deprecated alias applies only while its canonical
 * field is unset, and a schedule window overrides only what it sets. resolvePolicy applies these after
 * resolving the aliases. Two defaults are other fields, not numbers: `initial_replicas` is
 * `min_replicas`, and an unset `downscale_to_zero_delay_s` leaves the 1 -> 0 step to
 * `downscale_delay_s`.
 */
export const RayDefaultsSchema = z.object({
  min_replicas: replicas.default(1),
  max_replicas: positiveReplicas.default(1),
  target_ongoing_requests: targetOngoingRequests.default(2),
  upscale_delay_s: delaySeconds.default(30),
  downscale_delay_s: delaySeconds.default(600),
  /** Also the default of the deprecated `upscale_smoothing_factor` and `smoothing_factor`. */
  upscaling_factor: factor.default(1),
  /** Also the default of the deprecated `downscale_smoothing_factor` and `smoothing_factor`. */
  downscaling_factor: factor.default(1),
  look_back_period_s: positiveSeconds.default(30),
  aggregation_function: aggregationFunction.default("mean"),
  metrics_interval_s: positiveSeconds.default(10),
});
export type RayDefaults = z.output<typeof RayDefaultsSchema>;

/** Ray Serve's defaults as the schema states them, for every reader of an unset Ray field. */
export const RAY_DEFAULTS: Readonly<RayDefaults> = Object.freeze(RayDefaultsSchema.parse({}));

/** CloudWatch statistics driftless can read: the standard ones and percentiles such as `p95`. */
export const StatisticSchema = z.union([
  z.enum(["Average", "Sum", "Maximum", "Minimum", "SampleCount"]),
  z
    .string()
    .regex(
      /^p(\d{1,2}(\.\d+)?|100)$/,
      'a statistic is Average, Sum, Maximum, Minimum, SampleCount or a percentile such as "p95"',
    ),
]);

/** The longest period a policy may read: a day (a longer one is a typo, not a load signal). */
const MAX_PERIOD_S = 86_400;

const periodSeconds = z
  .number()
  .int()
  .refine((p) => isCloudWatchPeriod(p) && p <= MAX_PERIOD_S, {
    message: `period_s must be ${CLOUDWATCH_PERIODS_TEXT} up to ${MAX_PERIOD_S} (CloudWatch periods)`,
  });

/** A CloudWatch metric: where a number comes from. */
export const MetricRefShape = {
  namespace: nonEmpty,
  name: nonEmpty,
  dimensions: z.record(z.string(), z.string()).default({}),
  statistic: StatisticSchema.default("Average"),
  period_s: periodSeconds.default(10),
};
export const MetricRefSchema = strictSection(MetricRefShape);
export type MetricRef = z.infer<typeof MetricRefSchema>;

export const LoadMetricSchema = strictSection({
  ...MetricRefShape,
  /** `replica`: the metric is per task (an average) and is multiplied by running replicas; `total`: already a sum. */
  per: z.enum(["replica", "total"]).default("total"),
});
export type LoadMetric = z.infer<typeof LoadMetricSchema>;

export const LoadSchema = strictSection({
  metrics: z.array(LoadMetricSchema).min(1).max(10),
  /** A queue depth (e.g. SQS ApproximateNumberOfMessagesVisible) added to ongoing requests, as Ray's async-inference policy does. */
  backlog: MetricRefSchema.optional(),
  /** Newest datapoint older than this counts as a failure to read the load. */
  stale_after_s: positiveSeconds.default(120),
});
export type Load = z.infer<typeof LoadSchema>;

/** The schema's own default of `load.stale_after_s`, for readers that have no load section to take it from. */
export const DEFAULT_STALE_AFTER_S: number = LoadSchema.shape.stale_after_s.parse(undefined);

export const CapacitySchema = strictSection({
  auto_scaling_group: nonEmpty.optional(),
  capacity_provider: nonEmpty.optional(),
  gpus_per_task: z.number().int().min(1).max(64).default(1),
  gpus_per_instance: z.number().int().min(1).max(64).default(1),
  /**
   * `managed`: instances are left to the ECS capacity provider; `direct`: driftless sets the group's desired
   * capacity; `auto`: `direct` when an `auto_scaling_group` is named and no capacity provider over it has
   * managed scaling enabled, else `managed` (see effectiveCapacity).
   */
  mode: z.enum(["auto", "managed", "direct"]).default("auto"),
  /** Spare instances kept beyond what the tasks need (mode `direct`, or `auto` with a group named). */
  spare_instances: z.number().int().min(0).max(1000).default(0),
  /** How long a new instance takes to join the cluster; used for schedule lead times. */
  instance_boot_s: delaySeconds.default(300),
  /**
   * How long a stopped instance from the group's warm pool takes to rejoin the cluster (an EC2 start plus
   * the ECS agent, about a minute); the forecast floor's lead while the pool holds warmed instances.
   */
  instance_restart_s: delaySeconds.default(90),
  /**
   * How long a group's instances the tasks no longer need are kept before the group is lowered (mode
   * `direct`): Ray's cluster autoscaler stops a node only after `idle_timeout_minutes` (5), so the next
   * burst finds it running. 0: lower at once.
   */
  instance_idle_s: delaySeconds.default(300),
});
export type Capacity = z.infer<typeof CapacitySchema>;

/** The schema's own default of `gpus_per_task`, for a target without a capacity section. */
export const DEFAULT_GPUS_PER_TASK: number = CapacitySchema.shape.gpus_per_task.parse(undefined);

export const TargetSchema = strictSection({
  cluster: nonEmpty,
  service: nonEmpty,
  /** How long a new replica takes to load its model and serve; used for schedule lead times. */
  cold_start_s: delaySeconds.default(90),
  capacity: CapacitySchema.optional(),
});
export type Target = z.infer<typeof TargetSchema>;

/** The schema's own default of `target.cold_start_s`, for a policy without a target section. */
export const DEFAULT_COLD_START_S: number = TargetSchema.shape.cold_start_s.parse(undefined);

export const ScheduleWindowSchema = strictSection({
  name: nonEmpty,
  /** 5-field cron of the window's start, read in `timezone`. */
  start: z.string().superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  /** 5-field cron of the window's end: the first occurrence after the start closes it. */
  end: z
    .string()
    .superRefine((value, ctx) => {
      const problem = cronProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  /** Alternative to `end`: the window lasts this many seconds of real time. */
  duration_s: positiveSeconds.optional(),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. "America/New_York", "UTC")' })
    .default("UTC"),
  /** Take effect early by `lead_time_s` so capacity is ready when the window starts. */
  ready_at_start: z.boolean().default(false),
  /** Defaults to the target's cold_start_s plus instance_boot_s when it has GPU capacity. */
  lead_time_s: delaySeconds.optional(),
  overrides: strictSection(RayOverridesShape),
});
export type ScheduleWindow = z.infer<typeof ScheduleWindowSchema>;

export const SloSchema = strictSection({
  /** The latency metric, e.g. time to first token p95 in milliseconds. */
  metric: MetricRefSchema,
  target_ms: z.number().gt(0).max(3_600_000),
  /** Urgency = 1 + gain x (latency - target) / target, capped at max_urgency. */
  gain: z.number().gt(0).max(MAX_FACTOR).default(1),
  max_urgency: z.number().min(1).max(MAX_FACTOR).default(3),
  /** Scale down only while latency is at most this fraction of the target (ample slack). */
  scale_down_below: z.number().gt(0).max(1).default(0.5),
});
export type Slo = z.infer<typeof SloSchema>;

export const GroupSchema = strictSection({
  name: nonEmpty,
  /** Position in the pipeline: 0 is the entry stage; each stage's upstream is the stage before it. */
  stage: z.number().int().min(0).max(100),
  /** Replicas this stage needs per replica its upstream stage needs (downstream sized from upstream). */
  upstream_ratio: z.number().gt(0).max(1000).optional(),
  /** GPUs shared by the whole group, granted bottleneck first. */
  max_gpus: z.number().int().min(1).max(100_000).optional(),
});
export type Group = z.infer<typeof GroupSchema>;

export const LimitsSchema = strictSection({
  /** At most this many replicas added by one decision. */
  max_step_up: positiveReplicas.optional(),
  /** At most this many replicas added within any 60 s. */
  max_up_per_minute: positiveReplicas.optional(),
  /** At most this many GPUs for the target (replicas x gpus_per_task). */
  max_gpus: z.number().int().min(1).max(100_000).optional(),
  /** At most this cost per hour for the target (needs gpu_hour_cost). */
  max_cost_per_hour: z.number().gt(0).max(1e7).optional(),
  /** Price of one GPU-hour, for max_cost_per_hour and cost reports. */
  gpu_hour_cost: z.number().gt(0).max(1e5).optional(),
  /** No scale-down for this long after a scale-up. */
  scale_in_pause_s: delaySeconds.default(0),
});
export type Limits = z.infer<typeof LimitsSchema>;

export const PendingSchema = strictSection({
  /**
   * Hold every further scale-up while replicas asked for are still starting. Off by default: measured
   * on the bench traces it cost SLO against Ray Serve everywhere (README, "Pending awareness").
   */
  hold_scale_up: z.boolean().default(false),
  /**
   * With an upscaling factor below 1, damp a scale-up from running + starting replicas instead of
   * from running alone (Ray). Off by default: measured mixed on the bench traces (README).
   */
  scale_from_in_flight: z.boolean().default(false),
  /** Stop waiting for starting replicas after this long (e.g. no GPU capacity), and scale on. */
  timeout_s: positiveSeconds.default(900),
});
export type Pending = z.infer<typeof PendingSchema>;

export const FallbackSchema = strictSection({
  /** Consecutive failures to read the load before the fallback applies. */
  failure_threshold: z.number().int().min(1).max(1000).default(3),
  /** `hold`: keep the current target; `fixed`: go to at least `replicas` (never lower: missing data never scales down). */
  action: z.enum(["hold", "fixed"]).default("hold"),
  replicas: replicas.optional(),
});
export type Fallback = z.infer<typeof FallbackSchema>;

/** What `paused` may say: everything (`true`), nothing (`false`), or one direction. */
export const PausedSchema = z.union([z.boolean(), z.enum(["scale_in", "scale_out"])]);
export type Paused = z.infer<typeof PausedSchema>;

/**
 * One scaling target's policy: Ray Serve's `autoscaling_config` plus driftless's sections. An
 * absent section is parsed from `{}` (prefault), so its defaults are the section's own, stated once.
 */
export const PolicySchema = strictSection({
  ...RayFieldsShape,
  target: TargetSchema.optional(),
  load: LoadSchema.optional(),
  schedules: z.array(ScheduleWindowSchema).max(50).default([]),
  slo: SloSchema.optional(),
  group: GroupSchema.optional(),
  limits: LimitsSchema.prefault({}),
  pending: PendingSchema.prefault({}),
  lead: LeadSchema.prefault({}),
  /** `true`: decide nothing; `"scale_in"` / `"scale_out"`: hold that direction only (KEDA's paused-scale-in/-out). */
  paused: PausedSchema.default(false),
  /** Measure, decide, record and explain as if live, but never call ECS or Auto Scaling. */
  shadow: z.boolean().default(false),
  fallback: FallbackSchema.prefault({}),
  predictive: PredictiveSchema.default(PREDICTIVE_DEFAULT),
  /** Free text for operators; ignored by the policy. */
  description: z.string().max(2000).optional(),
});
export type PolicyInput = z.input<typeof PolicySchema>;
export type Policy = z.output<typeof PolicySchema>;
