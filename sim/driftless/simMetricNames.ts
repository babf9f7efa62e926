/** The namespace and metric names the simulated services publish to the simulated CloudWatch. */
export const SIM_METRICS = Object.freeze({
  namespace: "Driftless/Sim",
  /** Requests in progress on the serving replicas, in total (time average over the period). */
  ongoing: "OngoingRequests",
  /** Requests in progress per serving replica (time average over the period). */
  ongoingPerReplica: "OngoingRequestsPerReplica",
  /** Requests waiting in the router's queue (a total, Average over the period). */
  queued: "QueuedRequests",
  /** Time to first token, ms (p95 of the period). */
  ttft: "TimeToFirstToken",
  /** Time a request spends in the stage, queue included, ms (p95 of the period). */
  latency: "RequestLatency",
});

/** The ECS cluster the simulated services live in. */
export const SIM_CLUSTER = "sim";
/** The GPU Auto Scaling group of capacity mode `direct`. */
export const SIM_GROUP = "sim-gpu";

/** The simulated ECS service of stage `stage` of a trace. */
export function simServiceName(traceName: string, stageName: string): string {
  return `${traceName}-${stageName}`.replace(/[^A-Za-z0-9_-]/g, "-");
}
