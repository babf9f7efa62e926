/**
 * Scale: N targets on the emulator (N = 1,000 in the long version, `RELIABILITY_SCALE=long`; fewer in
 * `npm test`, see TARGETS), each with its own ECS service and load metric. One evaluation round must cover
 * all of them within the tick's budget, with the reads batched: at most ceil(metrics / 500) GetMetricData
 * calls, ceil(N / 100) BatchGetItem calls, ceil(N / 10) DescribeServices calls. The steady-state round (the
 * second of a tick: every target already has its state) is measured: wall time, API calls by operation, and
 * from them the cost per target per month at the prices below.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { evaluateRound, type RoundReport } from "../../../shared/engine/evaluateRound";
import {
  type CallTimings,
  captureRequests,
  itemSize,
  type SentRequest,
  timeCalls,
} from "../../reliability/captureRequests";
import { type EmulatorWorld, emulatorWorld } from "../../reliability/emulatorWorld";
import { totalLoadPolicy } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { resetEmulator } from "../../support/resetEmulator";

/** 1,000 targets take about a minute on moto (setup 20 s, each round 20-25 s): the CI run uses 200. */
const TARGETS = Number(process.env.RELIABILITY_TARGETS ?? bySize(200, 1000));
const tally = new ReliabilityTally(`scale: ${TARGETS} targets, one round (emulator)`);
afterAll(() => tally.record());

/** The tick's budget for a round: its 70 s timeout less the 15 s it keeps free (functions/tick/handleTick.ts). */
const INVOCATION_BUDGET_S = 70 - 15;
const INTERVAL_S = 10;
const ROUNDS_PER_MONTH = (30 * 24 * 3600) / INTERVAL_S;
const TICKS_PER_MONTH = 30 * 24 * 60;
/** The tick function's memory (GpuAutoscaler's memorySizeMb default). */
const TICK_MEMORY_GB = 256 / 1024;

/**
 * List prices, us-east-1, on demand (AWS pricing pages, 2025): CloudWatch GetMetricData $0.01 per 1,000
 * metrics requested; DynamoDB on demand $0.625 per million write request units and $0.125 per million read
 * request units; Lambda on arm64 (the functions' architecture) $0.0000133334 per GB-second and $0.20 per
 * million requests; CloudWatch high-resolution alarms $0.30 per alarm-month.
 */
const PRICES = {
  getMetricDataPerMetric: 0.01 / 1000,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  highResolutionAlarmMonth: 0.3,
} as const;

let world: EmulatorWorld | undefined;
afterEach(() => world?.destroy());

/** Request units of a round from the requests it sent, given the sizes of the items it read. */
function requestUnits(sent: readonly SentRequest[], sizes: { state: number; policies: number[] }) {
  let write = 0;
  let read = 0;
  for (const { operation, body } of sent) {
    if (operation === "PutItemCommand")
      write += Math.ceil(itemSize(body.Item as Record<string, unknown>) / 1024);
    if (operation === "UpdateItemCommand") write += Math.ceil(sizes.state / 1024);
    if (operation === "BatchWriteItemCommand")
      for (const requests of Object.values(
        body.RequestItems as Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>,
      ))
        for (const r of requests) write += Math.ceil(itemSize(r.PutRequest.Item) / 1024);
    // Strongly consistent reads: 1 unit per 4 KB, each item rounded up (a Scan rounds its page's total).
    if (operation === "BatchGetItemCommand")
      for (const request of Object.values(body.RequestItems as Record<string, { Keys: unknown[] }>))
        read += request.Keys.length * Math.ceil(sizes.state / 4096);
    if (operation === "GetItemCommand") read += 1;
    if (operation === "ScanCommand") read += Math.ceil(sizes.policies.reduce((a, b) => a + b, 0) / 4096);
  }
  return { write, read };
}

describe(`one evaluation round over ${TARGETS} targets`, () => {
  it("covers every target within the invocation's budget, with batched reads; reports time, calls and cost", async () => {
    // arrange: N services at 2 replicas; every tenth target's load asks for 6, the others' for 2
    await resetEmulator();
    const w = await emulatorWorld();
    world = w;
    const ids = Array.from({ length: TARGETS }, (_, i) => `t${String(i).padStart(4, "0")}`);
    const setupStart = Date.now();
    await w.addServices(ids, 2);
    const setup = w.runtime({ direct: true });
    const policyRequests = captureRequests(setup.dynamo);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          await setup.deps.policies.put(
            { targetId: id, updatedBy: "test", updatedAt: "2026-01-01T00:00:00Z", body: totalLoadPolicy(id) },
            0,
          );
        }
      }),
    );
    const loads = new Map(ids.map((id, i) => [id, i % 10 === 0 ? 60 : 20]));
    await w.publish(loads, w.t0 - 30, w.t0 + INTERVAL_S);
    const setupS = (Date.now() - setupStart) / 1000;
    // act: the first round of a tick (no state yet), then the steady-state one 10 s later, same process
    // moto answers a 1,000-item Scan in seconds (AWS in tens of ms): the emulator gets the timeout it needs.
    const rt = w.runtime({ direct: true, timeoutMs: 50_000 });
    const sent = captureRequests(rt.dynamo);
    const timings: CallTimings = new Map();
    const timed = async (): Promise<{ report: RoundReport; wallS: number }> => {
      const start = performance.now();
      const report = await evaluateRound(rt.deps);
      return { report, wallS: (performance.now() - start) / 1000 };
    };
    const first = await timed();
    const firstSent = sent.splice(0);
    for (const client of rt.clients) timeCalls(client, timings);
    w.clock.set(w.t0 + INTERVAL_S);
    const steady = await timed();
    // assert: every target decided, reads batched, within budget
    for (const { report } of [first, steady]) {
      expect(report.outcomes).toHaveLength(TARGETS);
      expect(report.errors).toBe(0);
      expect(report.outcomes.every((o) => o.status === "decided")).toBe(true);
      expect(report.calls["CloudWatch:GetMetricData"]).toBeLessThanOrEqual(Math.ceil(TARGETS / 500));
      expect(report.calls["DynamoDB:BatchGetItem"]).toBe(Math.ceil(TARGETS / 100));
      expect(report.calls["ECS:DescribeServices"]).toBe(Math.ceil(TARGETS / 10));
      expect(report.calls["DynamoDB:PutItem"]).toBe(TARGETS);
    }
    expect(first.report.actions).toBe(TARGETS / 10);
    expect(steady.report.actions).toBe(0);
    expect(first.wallS).toBeLessThan(INVOCATION_BUDGET_S);
    expect(steady.wallS).toBeLessThan(INVOCATION_BUDGET_S);
    expect(w.audit.doubleActions).toBe(0);
    // cost per target per month, from the steady round
    const stateSize = Math.max(
      ...sent
        .filter((r) => r.operation === "PutItemCommand")
        .map((r) => itemSize(r.body.Item as Record<string, unknown>)),
    );
    const policySizes = policyRequests
      .filter((r) => r.operation === "PutItemCommand")
      .map((r) => itemSize(r.body.Item as Record<string, unknown>));
    const units = requestUnits(sent, { state: stateSize, policies: policySizes });
    const metrics = TARGETS; // one load query per target
    const perRound = {
      getMetricData: metrics * PRICES.getMetricDataPerMetric,
      dynamodb: units.write * PRICES.dynamoWriteUnit + units.read * PRICES.dynamoReadUnit,
    };
    // The tick runs about a minute per invocation whatever the fleet (it waits between rounds).
    const tickS = (60 / INTERVAL_S - 1) * INTERVAL_S + steady.wallS;
    const lambdaMonth =
      TICKS_PER_MONTH * (tickS * TICK_MEMORY_GB * PRICES.lambdaGbSecond + PRICES.lambdaRequest);
    const perTargetMonth = {
      getMetricData: (perRound.getMetricData * ROUNDS_PER_MONTH) / TARGETS,
      dynamodb: (perRound.dynamodb * ROUNDS_PER_MONTH) / TARGETS,
      lambda: lambdaMonth / TARGETS,
    };
    const total = perTargetMonth.getMetricData + perTargetMonth.dynamodb + perTargetMonth.lambda;
    const money = (x: number) => `$${x.toFixed(4)}`;
    const calls = (r: RoundReport) =>
      Object.entries(r.calls)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
    tally.add({
      evaluations: first.report.outcomes.length + steady.report.outcomes.length,
      actions: w.audit.actions,
      doubleActions: w.audit.doubleActions,
      wrongDirection: w.audit.wrongDirection,
    });
    Object.assign(tally.details, {
      targets: TARGETS,
      "setup on the emulator (services, policies, metrics)": `${setupS.toFixed(1)} s`,
      "first round (no state yet): wall time": `${first.wallS.toFixed(2)} s`,
      "first round: API calls": calls(first.report),
      "steady round: wall time": `${steady.wallS.toFixed(2)} s (budget ${INVOCATION_BUDGET_S} s; interval ${INTERVAL_S} s)`,
      "steady round: API calls": calls(steady.report),
      "steady round: emulator time by operation (calls, mean, max)": [...timings]
        .map(
          ([k, t]) => `${k} ${t.count} x ${(t.totalMs / t.count).toFixed(0)} ms (max ${t.maxMs.toFixed(0)})`,
        )
        .join(", "),
      "steady round: DynamoDB request units": `${units.write} WRU (state item ${stateSize} B), ${units.read} RRU`,
      "cost per target per month: GetMetricData": money(perTargetMonth.getMetricData),
      "cost per target per month: DynamoDB": money(perTargetMonth.dynamodb),
      "cost per target per month: Lambda (tick)": money(perTargetMonth.lambda),
      "cost per target per month: total (rounds every 10 s)": money(total),
      "plus, per target: 2 high-resolution alarms (policy-sync)": money(2 * PRICES.highResolutionAlarmMonth),
      prices:
        "us-east-1 list, 2025: GetMetricData $0.01/1,000 metrics; DynamoDB on demand $0.625/M WRU, $0.125/M RRU; Lambda arm64 $0.0000133334/GB-s, $0.20/M requests; high-res alarm $0.30/month",
    });
    expect(firstSent.length).toBeGreaterThan(0);
    expect(total).toBeLessThan(10);
    if (process.env.DBG) console.log(JSON.stringify(tally.details, null, 1));
  }, 600_000);
});
