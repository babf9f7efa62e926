import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import type { MetricAnswer, MetricQuery, MetricsSource } from "../engine/ports/MetricsSource";
import { buildGetMetricDataRequests } from "./buildGetMetricDataRequests";
import { callAws } from "./callAws";
import type { MetricDataRequest } from "./MetricDataRequest";
import { metricPeriodProblem } from "./metricPeriodProblem";
import { parseMetricDataResults } from "./parseMetricDataResults";

/**
 * MetricsSource over CloudWatch GetMetricData: requests as buildGetMetricDataRequests makes them (500
 * queries each, windows aligned to the period), sent concurrently, each following its NextToken pages.
 * It measures, never decides: a failed query, or every query of a request whose call failed (AwsCallError
 * message), is answered `{ ok: false, error }`, so one bad query or call never hides the other answers.
 */
export class CloudWatchMetricsSource implements MetricsSource {
  private readonly client: CloudWatchClient;

  constructor(client: CloudWatchClient) {
    this.client = client;
  }

  /**
   * An answer for every distinct query id; no calls for no queries. A query with a period CloudWatch does not
   * accept (metricPeriodProblem) is answered `{ ok: false }` without a call.
   */
  async fetch(
    queries: readonly MetricQuery[],
    startS: number,
    endS: number,
  ): Promise<Map<string, MetricAnswer>> {
    const answers = new Map<string, MetricAnswer>();
    const valid: MetricQuery[] = [];
    for (const query of queries) {
      const problem = metricPeriodProblem(query.periodS);
      if (problem === null) valid.push(query);
      else answers.set(query.id, { ok: false, error: problem });
    }
    const requests = buildGetMetricDataRequests(valid, startS, endS);
    const answered = await Promise.all(requests.map((request) => this.answer(request)));
    for (const part of answered) for (const [id, answer] of part) answers.set(id, answer);
    return answers;
  }

  private async answer(request: MetricDataRequest): Promise<Map<string, MetricAnswer>> {
    const pages: MetricDataResult[][] = [];
    try {
      let nextToken: string | undefined;
      do {
        const page = await callAws({ service: "CloudWatch", operation: "GetMetricData" }, () =>
          this.client.send(new GetMetricDataCommand({ ...request.input, NextToken: nextToken })),
        );
        pages.push(page.MetricDataResults ?? []);
        nextToken = page.NextToken;
      } while (nextToken); // an empty token ends the pages too
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed: MetricAnswer = { ok: false, error: message };
      return new Map([...request.queryIds.values()].map((id) => [id, failed]));
    }
    return parseMetricDataResults(request, pages);
  }
}
