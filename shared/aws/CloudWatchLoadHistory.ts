import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import type { HistoryMetric, LoadHistory } from "../engine/ports/LoadHistory";
import { AwsCallError } from "../errors/AwsCallError";
import type { Datapoint, Series } from "../metrics/Datapoint";
import { buildHistoryRequests, HISTORY_QUERY_ID } from "./buildHistoryRequests";
import { callAws } from "./callAws";
import { parseMetricDataResults } from "./parseMetricDataResults";

/**
 * LoadHistory over CloudWatch GetMetricData: the requests of buildHistoryRequests (60 s for the last 15
 * days, 300 s beyond), sent one after the other (an hourly job need not hurry), each following NextToken.
 */
export class CloudWatchLoadHistory implements LoadHistory {
  constructor(private readonly client: CloudWatchClient) {}

  /** The history, sorted by time, segments joined. Throws AwsCallError when a call or a query fails. */
  async read(args: { metric: HistoryMetric; now: number; historyDays: number }): Promise<Series> {
    const points: Datapoint[] = [];
    for (const request of buildHistoryRequests(args)) {
      const pages: MetricDataResult[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await callAws({ service: "CloudWatch", operation: "GetMetricData" }, () =>
          this.client.send(new GetMetricDataCommand({ ...request.input, NextToken: nextToken })),
        );
        pages.push(page.MetricDataResults ?? []);
        nextToken = page.NextToken;
      } while (nextToken);
      const answer = parseMetricDataResults(request, pages).get(HISTORY_QUERY_ID);
      if (answer === undefined || !answer.ok) {
        const reason = answer?.ok === false ? answer.error : "no answer";
        throw new AwsCallError("CloudWatch", "GetMetricData", new Error(`${args.metric.name}: ${reason}`));
      }
      points.push(...answer.series);
    }
    return points.sort((a, b) => a.t - b.t);
  }
}
