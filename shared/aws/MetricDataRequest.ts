import type { GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";

/** One GetMetricData request (all its pages) and how to map its answers back to the caller's query ids. */
export interface MetricDataRequest {
  /** The input of the first page; later pages add NextToken. */
  readonly input: GetMetricDataCommandInput;
  /** The caller's query id of each MetricDataQuery `Id` in `input`. */
  readonly queryIds: ReadonlyMap<string, string>;
}
