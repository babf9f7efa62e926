import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { HistoryMetric } from "../../../shared/engine/ports/LoadHistory";

/**
 * Puts one datapoint per `periodS` of `load(t)` over [fromS, toS) into the emulator, 1000 a call
 * (PutMetricData's limit). Past timestamps are accepted by moto (AWS refuses those over two weeks old).
 * Its own client sends the bodies uncompressed: the SDK gzips large PutMetricData bodies, which moto refuses.
 */
export async function putHistory(args: {
  metric: Omit<HistoryMetric, "statistic">;
  fromS: number;
  toS: number;
  load: (t: number) => number;
  periodS?: number;
}): Promise<number> {
  const { metric } = args;
  const cloudwatch = new CloudWatchClient({ disableRequestCompression: true });
  const periodS = args.periodS ?? 60;
  const dimensions = Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value }));
  const data = [];
  for (let t = args.fromS; t < args.toS; t += periodS) {
    data.push({
      MetricName: metric.name,
      Dimensions: dimensions,
      Timestamp: new Date(t * 1000),
      Value: args.load(t),
    });
  }
  for (let i = 0; i < data.length; i += 1000) {
    await cloudwatch.send(
      new PutMetricDataCommand({ Namespace: metric.namespace, MetricData: data.slice(i, i + 1000) }),
    );
  }
  cloudwatch.destroy();
  return data.length;
}
