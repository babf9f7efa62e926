/**
 * Prices the cost figures use: public list prices, us-east-1, on demand, as published on the AWS
 * pricing pages (aws.amazon.com/ec2/pricing/on-demand, /cloudwatch/pricing, /dynamodb/pricing/on-demand,
 * /lambda/pricing, /ebs/pricing) in 2025. Change them here; every report states the ones it used.
 */
export const PRICES = Object.freeze({
  /** g5.xlarge (1 NVIDIA A10G), Linux on demand: $1.006 an hour, so $ per GPU-hour. */
  gpuHour: 1.006,
  gpuInstance: "g5.xlarge",
  /** CloudWatch GetMetricData: $0.01 per 1,000 metrics requested. */
  getMetricDataPerMetric: 0.01 / 1000,
  /** CloudWatch alarms: $0.10 per standard-resolution alarm metric-month, $0.30 high resolution. */
  alarmStandardMonth: 0.1,
  alarmHighResolutionMonth: 0.3,
  /** CloudWatch custom metrics: $0.30 per metric-month (first 10,000). */
  customMetricMonth: 0.3,
  /** DynamoDB on demand: $0.625 per million write request units, $0.125 per million read units. */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** Lambda on arm64 (Graviton, what the stack deploys): $0.20 per million requests, $0.0000133334 per GB-second. */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  lambdaArchitecture: "arm64",
  /** EBS gp3: $0.08 per GB-month; a stopped GPU instance (warm pool, Ray's cached node) keeps a 100 GB root volume. */
  ebsGbMonth: 0.08,
  stoppedInstanceVolumeGb: 100,
  /** Hours in the month the monthly prices are spread over. */
  hoursPerMonth: 730,
  source: "public list prices, us-east-1 (on demand), AWS pricing pages as of 2025",
});

/** The prices as sentences, for reports. */
export const PRICE_LINES: readonly string[] = Object.freeze([
  `GPU: $${PRICES.gpuHour} per GPU-hour (${PRICES.gpuInstance} on demand, 1 NVIDIA A10G)`,
  "CloudWatch GetMetricData: $0.01 per 1,000 metrics requested",
  "CloudWatch alarms: $0.10 per standard-resolution alarm-month, $0.30 per high-resolution alarm-month",
  "CloudWatch custom metrics: $0.30 per metric-month",
  "DynamoDB on demand: $0.625 per million write request units, $0.125 per million read request units",
  "Lambda (arm64, as deployed): $0.20 per million requests, $0.0000133334 per GB-second",
  "EBS gp3: $0.08 per GB-month; a stopped instance (warm pool, Ray's cached node) keeps a 100 GB volume, $0.011 an hour",
  `monthly prices spread over ${PRICES.hoursPerMonth} hours; ${PRICES.source}`,
]);

/** $ per hour of one stopped instance (its EBS volume). */
export const STOPPED_INSTANCE_HOUR =
  (PRICES.ebsGbMonth * PRICES.stoppedInstanceVolumeGb) / PRICES.hoursPerMonth;
