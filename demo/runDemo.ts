/**
 * `npm run demo`: driftless end to end on a local AWS emulator, in about two minutes of real time.
 * Starts moto_server when no AWS_ENDPOINT_URL is set, bootstraps the tables, creates an example GPU
 * service with its Auto Scaling group and capacity provider, stores a policy (through the real
 * policy-sync handler), generates load into CloudWatch, runs the real tick handler every minute and
 * the real alarm handler when an alarm would fire, shows a live view, writes a report, and leaves
 * nothing running (Ctrl-C included).
 */
import { join } from "node:path";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { marshall } from "@aws-sdk/util-dynamodb";
import { handleAlarm } from "../functions/alarm/handleAlarm";
import { localContext } from "../functions/LambdaContext";
import { handlePolicySync } from "../functions/policy-sync/handlePolicySync";
import { handleTick } from "../functions/tick/handleTick";
import { ALARM_SPEC_DEFAULTS } from "../shared/alarms/AlarmSpec";
import { alarmSpecsFor } from "../shared/alarms/alarmSpecsFor";
import type { DecisionRecord } from "../shared/engine/ports/DecisionLog";
import type { EvaluationObserver } from "../shared/engine/ports/EvaluationObserver";
import { validatePolicy } from "../shared/policy/parsePolicy";
import { bootstrapTables } from "../shared/runtime/bootstrapTables";
import { buildRuntime, type Runtime } from "../shared/runtime/buildRuntime";
import { evaluateAlarmSpec } from "../sim/driftless/evaluateAlarmSpec";
import { AbortableClock } from "./AbortableClock";
import { createExampleFleet } from "./createExampleFleet";
import type { DemoEvent, DemoSnapshot } from "./DemoEvent";
import { DemoFleetModel } from "./DemoFleetModel";
import { demoLoadAt } from "./demoScenario";
import { describePendingDelay } from "./describePendingDelay";
import { renderDemoView } from "./renderDemoView";
import { MotoUnavailableError } from "./resolveMotoServer";
import { type RunningMoto, startMotoServer } from "./startMotoServer";
import { writeDemoReport } from "./writeDemoReport";

const TARGET = "llm";
const CLUSTER = "gpu-inference";
const NS = "Driftless/Inference";
const TOTAL_S = Number(process.env.DEMO_SECONDS ?? 125);
const OUT_DIR = process.env.DEMO_OUT ?? join(process.cwd(), "demo-output");
const tty = process.stdout.isTTY === true && process.env.DEMO_PLAIN !== "1";

const WINDOW = { name: "batch-window", leadS: 15, maxDurationS: 30, minReplicas: 3 };

/** The window's length: up to maxDurationS, ending before the demo does (it opens at a minute boundary). */
const windowDurationS = (opensAfterS: number) =>
  Math.max(10, Math.min(WINDOW.maxDurationS, Math.floor(TOTAL_S - 5 - opensAfterS)));
const MAX_REPLICAS = 6;

/** The demo policy: the ADR's shape with delays shortened so two minutes show a whole cycle. */
function demoPolicy(windowStart: Date, durationS: number): Record<string, unknown> {
  return {
    description: "driftless demo: the market-hours ADR's policy with delays shortened for a two-minute run",
    min_replicas: 1,
    max_replicas: MAX_REPLICAS,
    target_ongoing_requests: 10,
    upscale_delay_s: 10,
    downscale_delay_s: 20,
    look_back_period_s: 10,
    target: { cluster: CLUSTER, service: TARGET, cold_start_s: 6 },
    load: {
      metrics: [
        {
          namespace: NS,
          name: "OngoingRequests",
          dimensions: { Service: TARGET },
          per: "replica",
          period_s: 5,
        },
      ],
      stale_after_s: 30,
    },
    schedules: [
      {
        name: WINDOW.name,
        // A window opening at a minute boundary (UTC), ready lead_time_s before it opens.
        start: `${windowStart.getUTCMinutes()} ${windowStart.getUTCHours()} ${windowStart.getUTCDate()} ${windowStart.getUTCMonth() + 1} *`,
        duration_s: durationS,
        timezone: "UTC",
        ready_at_start: true,
        lead_time_s: WINDOW.leadS,
        overrides: { min_replicas: WINDOW.minReplicas },
      },
    ],
  };
}

async function main(): Promise<void> {
  const abort = new AbortController();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let moto: RunningMoto | undefined;
  if (!process.env.AWS_ENDPOINT_URL) {
    log("starting the local AWS emulator (moto_server)...");
    moto = await startMotoServer();
    log(`emulator moto_server pid ${moto.pid} on ${moto.endpoint}`);
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
  }
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
  // The production default (10 s between rounds of a tick), so the alarm path's head start is the real one.
  process.env.DRIFTLESS_EVALUATION_INTERVAL_S ??= "10";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const endpoint = process.env.AWS_ENDPOINT_URL;

  const events: DemoEvent[] = [];
  const timeline: DemoSnapshot[] = [];
  const start = Date.now() / 1000;
  let runtime: Runtime | undefined;
  let windowStartAt: number | undefined;
  let windowLengthS: number = WINDOW.maxDurationS;
  const running: Promise<unknown>[] = [];
  try {
    const base = buildRuntime(process.env, {
      clock: new AbortableClock(abort.signal),
      serviceName: "driftless-demo",
    });
    base.logger.setLogLevel("SILENT");
    const observerFor = (source: DemoEvent["source"]): EvaluationObserver => ({
      decision: (r: DecisionRecord) =>
        events.push({
          atS: r.at - start,
          source,
          from: r.previousTarget,
          to: r.desiredReplicas,
          reason: r.reason,
          latenessMs: r.latenessMs,
          acted: r.acted,
        }),
      conflict: () => {},
      invalidPolicy: () => {},
      targetError: (_id, error) =>
        events.push({
          atS: Date.now() / 1000 - start,
          source: "demo",
          from: 0,
          to: 0,
          reason: `error: ${String(error)}`,
          latenessMs: null,
          acted: false,
        }),
    });
    // The tick and alarm handlers share every port; only where their decisions are reported differs.
    const runtimeFor = (source: DemoEvent["source"]): Runtime => {
      const observer = observerFor(source);
      return { ...base, deps: { ...base.deps, observer }, observer: { ...observer, round: () => {} } };
    };
    runtime = runtimeFor("tick");
    const alarmRuntime = runtimeFor("alarm");

    log(`endpoint ${endpoint}: bootstrapping tables and the example GPU fleet...`);
    await bootstrapTables(runtime.dynamo, runtime.config.tables);
    const ecs = new ECSClient({});
    const autoScaling = new AutoScalingClient({});
    const cloudwatch = new CloudWatchClient({});
    await createExampleFleet({ ecs, autoScaling }, { cluster: CLUSTER, services: [TARGET], desired: 1 });

    // The first minute boundary at least 60 s in (after the burst), as the cron needs whole minutes.
    const windowStart = new Date(Math.ceil((start + 60) / 60) * 60 * 1000);
    windowStartAt = windowStart.getTime() / 1000;
    windowLengthS = windowDurationS(windowStartAt - start);
    const body = demoPolicy(windowStart, windowLengthS);
    const policy = validatePolicy(body, "demo policy");
    const stored = await runtime.deps.policies.put(
      { targetId: TARGET, updatedBy: "demo", updatedAt: new Date().toISOString(), body },
      (await runtime.deps.policies.get(TARGET))?.version ?? 0,
    );
    // The policies table's stream, delivered to the real policy-sync handler.
    await handlePolicySync(runtime, {
      Records: [
        {
          eventID: "demo-1",
          eventName: "INSERT",
          dynamodb: {
            Keys: marshall({ targetId: TARGET }),
            NewImage: marshall(
              { targetId: TARGET, version: stored.version, ...body },
              { removeUndefinedValues: true },
            ),
            SequenceNumber: "1",
          },
        },
      ],
    });
    const alarms = alarmSpecsFor(policy);
    const alarmState = new Map(alarms.map((a) => [a.suffix, "OK"]));
    // The per-replica datapoints published, for the alarms' period statistic (CloudWatch judges the
    // period's statistic, not the latest value).
    const published: { t: number; v: number }[] = [];

    const fleet = new DemoFleetModel(12, 6);
    fleet.seed(1, start);
    const tickEvery = 60;
    let nextTick = start;
    let lastT = start;
    let lastPrinted = -5;
    for (let k = 1; !abort.signal.aborted; k++) {
      const now = Date.now() / 1000;
      const elapsed = now - start;
      if (elapsed >= TOTAL_S) break;
      if (now >= nextTick) {
        nextTick += tickEvery;
        running.push(
          handleTick(runtime, {}, localContext(Math.min(70, TOTAL_S - elapsed + 5))).catch(() => {}),
        );
      }
      const described = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [TARGET] }));
      const desired = described.services?.[0]?.desiredCount ?? 0;
      const runningCount = described.services?.[0]?.runningCount ?? 0;
      fleet.follow(desired, now);
      const { phase, load } = demoLoadAt(elapsed, TOTAL_S);
      const ongoing = fleet.step(load, now - lastT, now);
      lastT = now;
      const perReplica = ongoing / Math.max(1, runningCount);
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: NS,
          MetricData: [
            {
              MetricName: "OngoingRequests",
              Dimensions: [{ Name: "Service", Value: TARGET }],
              Timestamp: new Date(now * 1000),
              Value: perReplica,
              StorageResolution: 1,
            },
          ],
        }),
      );
      published.push({ t: now, v: perReplica });
      // The emulator does not evaluate alarms: judge each one on its last complete period as the
      // simulator's CloudWatch does (evaluateAlarmSpec), and deliver the state change to the real alarm handler.
      for (const a of alarms) {
        const periodS = a.periodS ?? ALARM_SPEC_DEFAULTS.periodS;
        const periodEnd = Math.floor(now / periodS) * periodS;
        const next = evaluateAlarmSpec({ spec: a, series: published, periodEnd });
        if (a.suffix !== "slo" && alarmState.get(a.suffix) !== next) {
          alarmState.set(a.suffix, next);
          if (next === "ALARM") {
            const event = {
              source: "aws.cloudwatch",
              "detail-type": "CloudWatch Alarm State Change",
              detail: {
                alarmName: `${runtime.config.alarmPrefix}${TARGET}.${a.suffix}`,
                state: { value: "ALARM" },
              },
            };
            running.push(
              handleAlarm(alarmRuntime, event, localContext(Math.max(1, TOTAL_S - elapsed))).catch(() => {}),
            );
          }
        }
      }
      const state = await runtime.deps.states.get(TARGET);
      const delay = state?.lastDecision?.pendingDelay;
      const opensAt = windowStart.getTime() / 1000;
      const activeWindow =
        now >= opensAt - WINDOW.leadS && now < opensAt + windowLengthS
          ? `${WINDOW.name} (min_replicas ${WINDOW.minReplicas}) until +${(opensAt + windowLengthS - start).toFixed(0)} s`
          : null;
      const snapshot: DemoSnapshot = {
        elapsedS: elapsed,
        totalS: TOTAL_S,
        phase,
        offeredLoad: load,
        ongoing,
        perReplica,
        desired,
        running: runningCount,
        ready: fleet.ready(now),
        starting: fleet.starting(now),
        target: state?.target ?? null,
        pendingDelay: describePendingDelay({ delay, now, start, maxReplicas: MAX_REPLICAS }),
        activeWindow,
      };
      timeline.push(snapshot);
      if (tty) {
        process.stdout.write(`\x1b[H\x1b[2J${renderDemoView(snapshot, events).join("\n")}\n`);
      } else if (elapsed - lastPrinted >= 5) {
        lastPrinted = elapsed;
        log(
          `+${elapsed.toFixed(0)} s ${phase}: offered load ${load.toFixed(1)} concurrent requests, ongoing ${perReplica.toFixed(1)} per replica (target 10), desired ${desired}, serving ${fleet.ready(now)}${activeWindow ? `, schedule ${activeWindow}` : ""}`,
        );
      }
      // Absolute deadlines, one a second: the load generator does not drift either.
      const wait = (start + k) * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    abort.abort();
    await Promise.allSettled(running);
    const calls = runtime?.counter.snapshot() ?? {};
    const opensAt = windowStartAt === undefined ? undefined : windowStartAt - start;
    const path = writeDemoReport(OUT_DIR, {
      window:
        opensAt === undefined
          ? null
          : {
              name: WINDOW.name,
              minReplicas: WINDOW.minReplicas,
              effectiveFromS: opensAt - WINDOW.leadS,
              opensAtS: opensAt,
              closesAtS: opensAt + windowLengthS,
            },
      endpoint: endpoint ?? "",
      durationS: Date.now() / 1000 - start,
      interrupted,
      events,
      timeline,
      calls,
    });
    if (!tty)
      for (const e of events.filter((x) => x.from !== x.to))
        log(
          `decision at +${e.atS.toFixed(0)} s (${e.source}): ${e.from} -> ${e.to}, lateness ${e.latenessMs ?? "-"} ms: ${e.reason}`,
        );
    log(`report: ${path}`);
    await moto?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (interrupted) process.exitCode = 130;
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error) => {
  // A missing emulator is a setup problem with its fix in the message, not a bug: no stack.
  const text =
    error instanceof MotoUnavailableError ? error.message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`demo failed: ${text}\n`);
  process.exitCode = 1;
});
