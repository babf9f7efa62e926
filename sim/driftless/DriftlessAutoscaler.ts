import { ALARM_SPEC_DEFAULTS, type AlarmSpec } from "../../shared/alarms/AlarmSpec";
import { alarmSpecsFor } from "../../shared/alarms/alarmSpecsFor";
import type { EngineDeps } from "../../shared/engine/EngineDeps";
import { createEngineMemory } from "../../shared/engine/EngineMemory";
import { forecastTarget } from "../../shared/engine/forecastTarget";
import type { EvaluationObserver } from "../../shared/engine/ports/EvaluationObserver";
import type { HistoryMetric } from "../../shared/engine/ports/LoadHistory";
import { managedGroupOf } from "../../shared/engine/readGroupCapacities";
import { runAlarmEvaluation } from "../../shared/engine/runAlarmEvaluation";
import { runTickLoop } from "../../shared/engine/runTickLoop";
import { invocationDeadline, TICK_SCHEDULE_S, tickWindowEnd } from "../../shared/engine/tickWindow";
import { InMemoryPolicyStore } from "../../shared/inMemory/InMemoryPolicyStore";
import { InMemoryServiceScaler } from "../../shared/inMemory/InMemoryServiceScaler";
import { loadHistoryMetric } from "../../shared/observability/loadHistoryMetric";
import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import { DirectCapacity } from "../capacity/DirectCapacity";
import { EcsManagedScaling } from "../capacity/EcsManagedScaling";
import type { SimEnvironment } from "../capacity/WarmPool";
import { CloudWatchFeed } from "../model/CloudWatchFeed";
import type { ControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { PeriodStats } from "../model/PeriodStats";
import type { World } from "../model/World";
import type { Autoscaler, LatenessSample } from "../peers/Autoscaler";
import { percentile } from "../percentile";
import type { Trace } from "../traces/Trace";
import { ControlPlaneMeter } from "./ControlPlaneMeter";
import { DatapointPublications } from "./DatapointPublications";
import { MeteredDecisionLog } from "./MeteredDecisionLog";
import { MeteredPolicyStore } from "./MeteredPolicyStore";
import { MeteredStateStore } from "./MeteredStateStore";
import { SimAlarmEvaluator } from "./SimAlarmEvaluator";
import { SimAlarmManager } from "./SimAlarmManager";
import { SimCapacityScaler } from "./SimCapacityScaler";
import { type KeptDecisions, SimDecisionLog } from "./SimDecisionLog";
import { SimForecastStore } from "./SimForecastStore";
import { SimLoadHistory } from "./SimLoadHistory";
import { SimMetricsSource } from "./SimMetricsSource";
import { SimServiceScaler } from "./SimServiceScaler";
import { SimStateStore } from "./SimStateStore";
import type { StoredSeries } from "./StoredSeries";
import { SIM_CLUSTER, SIM_GROUP, SIM_METRICS } from "./simMetricNames";

/** The forecast function's schedule (infra/ForecastFunction.ts: rate(1 hour)). */
const FORECAST_PERIOD_S = 3600;

/** How driftless is invoked in production, as the simulator reproduces it. */
export interface InvocationPattern {
  /** The tick function's EventBridge schedule: every minute, starting this many seconds late. @default [0.5, 3] */
  readonly tickJitterS: readonly [number, number];
  /** DRIFTLESS_EVALUATION_INTERVAL_S: rounds within one tick invocation. @default 10 */
  readonly evaluationIntervalS: number;
  /** The alarms policy-sync creates (alarmSpecsFor) wake the alarm function. @default true */
  readonly alarms: boolean;
  /** Alarm state change to the alarm function running (EventBridge delivery and start). @default 2 */
  readonly alarmDeliveryS: number;
  /**
   * The alarm invocation's remaining time when it starts: it waits for a due delay until
   * INVOCATION_SAFETY_S before that runs out. @default 120
   */
  readonly alarmBudgetS: number;
  /** Seconds after a 10 s period ends until CloudWatch serves its datapoint. @default 5 */
  readonly metricLagS: number;
  /** Lambda memory, for GB-seconds. @default 0.25 */
  readonly lambdaMemoryGb: number;
}

/** The production invocation pattern the simulator assumes (see InvocationPattern). */
export const DEFAULT_INVOCATION: InvocationPattern = Object.freeze({
  tickJitterS: [0.5, 3] as const,
  evaluationIntervalS: 10,
  alarms: true,
  alarmDeliveryS: 2,
  alarmBudgetS: 120,
  metricLagS: 5,
  lambdaMemoryGb: 0.25,
});

/**
 * driftless in the simulator: the production engine (`runTickLoop` and `runAlarmEvaluation` over
 * `evaluateRound`) on the in-memory ports with the simulation's virtual clock. Tick invocations start
 * every minute with jitter and loop on absolute deadlines until tickWindowEnd; the alarms are the production
 * ones (alarmSpecsFor, kept by a SimAlarmManager) and start alarm invocations when the simulated CloudWatch,
 * evaluating each spec on its published datapoints, flips one to ALARM. Metrics reach the engine through a
 * simulated CloudWatch with publishing lag.
 */
export class DriftlessAutoscaler implements Autoscaler {
  readonly meter = new ControlPlaneMeter();
  readonly metrics = new SimMetricsSource();
  /** The history table as this run keeps it in memory (see KeptDecisions). */
  readonly log: SimDecisionLog;
  readonly states = new SimStateStore();
  readonly policies = new InMemoryPolicyStore();
  readonly services = new InMemoryServiceScaler();
  readonly alarms = new SimAlarmManager();
  /** driftless's own `Load` metric as the simulated CloudWatch keeps it: the forecaster's only input. */
  readonly loadHistory = new SimLoadHistory();
  readonly forecasts = new SimForecastStore();
  /** Every alarm that went to ALARM (`${targetId}.${suffix}`) and when, in order. */
  readonly alarmTriggers: { readonly alarm: string; readonly at: number }[] = [];
  /** When each target's load datapoints became readable (lateness tells the wait for data from its own). */
  private readonly publications = new DatapointPublications();
  readonly errors: unknown[] = [];
  conflicts = 0;
  rounds = 0;
  private tickInvocations = 0;
  private forecastInvocations = 0;
  private alarmInvocations = 0;
  private lambdaSeconds = 0;
  private direct: DirectCapacity | null = null;
  /** The series each target's service publishes to, found once per target (see publish). */
  private readonly publishedSeries = new Map<string, PublishedSeries>();
  private readonly pattern: InvocationPattern;

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly bodies: readonly Record<string, unknown>[],
    private readonly resolved: readonly ResolvedPolicy[],
    pattern: Partial<InvocationPattern> = {},
    private readonly environment: SimEnvironment = {},
    kept: { readonly decisions?: KeptDecisions } = {},
  ) {
    this.pattern = { ...DEFAULT_INVOCATION, ...pattern };
    this.log = new SimDecisionLog(kept.decisions);
  }

  initialReplicas(): number[] {
    return this.resolved.map((p) => p.initialReplicas);
  }

  capacity(trace: Trace): CapacityProvisioner {
    const maxInstances = this.maxInstances(trace);
    const warmPool = this.environment.warmPool === true;
    // The simulated environment has no managed scaling on a named group: `auto` with a group sets it directly.
    if (this.resolved.some((p) => managedGroupOf(p) !== undefined)) {
      this.direct = new DirectCapacity(warmPool ? { maxInstances } : null);
      return this.direct;
    }
    return new EcsManagedScaling(maxInstances, 30, { warmPool });
  }

  attach(world: World): void {
    const { trace, loop } = world;
    const stageOf = new Map<string, number>();
    const targetIds: string[] = [];
    for (const [k, body] of this.bodies.entries()) {
      const service = this.resolved[k]!.target!.service;
      stageOf.set(service, k);
      targetIds.push(service);
      this.policies.putRaw(service, body);
      const counts = world.services[k]!.counts();
      this.services.set(SIM_CLUSTER, service, {
        desired: counts.desired,
        running: counts.running,
        pending: counts.pending,
      });
      world.services[k]!.countListeners.push((c) => {
        const desired = this.services.services.get(`${SIM_CLUSTER}/${service}`)?.desired ?? c.desired;
        this.services.set(SIM_CLUSTER, service, { desired, running: c.running, pending: c.pending });
      });
    }
    // Only targets with predictive on need their Load kept (the forecaster is its only reader here).
    const historyMetrics = new Map(
      targetIds
        .filter((_, k) => this.resolved[k]!.predictive.mode !== "off")
        .map((id) => [id, loadHistoryMetric({ targetId: id })]),
    );
    const observer: EvaluationObserver = {
      // The EMF observer publishes each decision's Load; the simulated CloudWatch keeps it per minute.
      decision: (record) => {
        const metric = historyMetrics.get(record.targetId);
        if (record.load !== null && metric !== undefined)
          this.loadHistory.publish(record.targetId, metric, record.at, record.load);
      },
      conflict: () => {
        this.conflicts++;
      },
      invalidPolicy: () => {},
      targetError: (_id, error) => this.errors.push(error),
    };
    const deps: EngineDeps = {
      policies: new MeteredPolicyStore(this.policies, this.meter),
      states: new MeteredStateStore(this.states, this.meter),
      metrics: this.metrics,
      services: new SimServiceScaler(this.services, world, stageOf, this.meter),
      capacity: new SimCapacityScaler(
        SIM_GROUP,
        this.maxInstances(trace),
        this.direct ?? new DirectCapacity(),
        world,
        this.meter,
      ),
      log: new MeteredDecisionLog(this.log, this.meter),
      clock: loop,
      observer,
      forecasts: this.forecasts,
      memory: createEngineMemory(),
      ceilings: {},
      // No `calls`: nothing here reads a round's own call counts (usage() takes the meter's totals), and
      // counting them meant copying and diffing the counters around every round.
      newId: roundIds(),
    };

    // Tick: an EventBridge schedule every minute; each invocation loops until shortly before the next.
    const jitter = world.rng("driftless:tick-jitter");
    const p = this.pattern;
    const scheduleTick = (minute: number) => {
      const startAt = minute + jitter.uniform(p.tickJitterS[0], p.tickJitterS[1]);
      loop.spawn(startAt, async () => {
        this.tickInvocations++;
        const began = loop.now();
        const reports = await runTickLoop(deps, {
          intervalS: p.evaluationIntervalS,
          until: tickWindowEnd({ start: began, intervalS: p.evaluationIntervalS }),
        });
        this.rounds += reports.length;
        this.lambdaSeconds += loop.now() - began;
      });
      loop.at(minute + TICK_SCHEDULE_S, () => scheduleTick(minute + TICK_SCHEDULE_S));
    };
    scheduleTick(Math.floor(world.start / TICK_SCHEDULE_S) * TICK_SCHEDULE_S);

    if (historyMetrics.size > 0) this.scheduleForecasts(world, historyMetrics);

    // Alarms: exactly what policy-sync creates, evaluated as each datapoint becomes readable.
    if (p.alarms)
      for (const [k, policy] of this.resolved.entries())
        void this.alarms.syncAlarms(targetIds[k]!, alarmSpecsFor(policy));
    const alarmEvaluator = new SimAlarmEvaluator(this.alarms, this.metrics);
    const groupOf = (k: number): string[] => {
      const name = this.resolved[k]!.group?.name;
      return name === undefined
        ? [targetIds[k]!]
        : targetIds.filter((_, j) => this.resolved[j]!.group?.name === name);
    };
    const feedResolutionS = 10;
    new CloudWatchFeed(world, feedResolutionS, p.metricLagS, (k, stats) => {
      this.publish(targetIds[k]!, stats);
      const targetId = targetIds[k]!;
      // The load's period_s is the feed's (simPolicyBody): a datapoint covers up to its period's end.
      this.publications.record(targetId, stats.t + stats.periodS, loop.now());
      // One alarm invocation per alarm that went to ALARM, as CloudWatch sends one event for each.
      for (const suffix of alarmEvaluator.evaluate(targetId, stats.t + feedResolutionS)) {
        this.alarmTriggers.push({ alarm: `${targetId}.${suffix}`, at: loop.now() });
        this.invokeAlarm(deps, loop, groupOf(k));
      }
    });
  }

  /**
   * The forecast function: hourly (EventBridge rate(1 hour)), for each target with predictive on, the same
   * per-target forecast the Lambda runs (forecastTarget) on the load history the simulated CloudWatch kept.
   */
  private scheduleForecasts(world: World, metrics: ReadonlyMap<string, HistoryMetric>): void {
    const { loop } = world;
    const deps = {
      history: this.loadHistory,
      forecasts: this.forecasts,
      historyMetric: (targetId: string) => metrics.get(targetId) ?? loadHistoryMetric({ targetId }),
    };
    const hourly = (at: number) => {
      loop.spawn(at, async () => {
        this.forecastInvocations++;
        for (const record of await this.policies.list()) await forecastTarget(deps, record, loop.now());
      });
      loop.at(at + FORECAST_PERIOD_S, () => hourly(at + FORECAST_PERIOD_S));
    };
    hourly(Math.floor(world.start / FORECAST_PERIOD_S) * FORECAST_PERIOD_S + FORECAST_PERIOD_S);
  }

  /** One alarm function invocation for `ids`, delivered alarmDeliveryS after the state change. */
  private invokeAlarm(deps: EngineDeps, loop: World["loop"], ids: readonly string[]): void {
    const p = this.pattern;
    loop.spawn(loop.now() + p.alarmDeliveryS, async () => {
      this.alarmInvocations++;
      const began = loop.now();
      const until = invocationDeadline({ now: began, remainingS: p.alarmBudgetS });
      const reports = await runAlarmEvaluation(deps, { targetIds: ids, until });
      this.rounds += reports.length;
      this.lambdaSeconds += loop.now() - began;
    });
  }

  /**
   * Each change against its rule, known (see LatenessSample.knownAt) no earlier than the data it needed
   * was readable in the simulated CloudWatch: a scale-down fires only once published datapoints cover its
   * delay (Ray's semantics on CloudWatch's lag), so it is known from the publication of the datapoint
   * covering its intended instant; and a change that a round at or after its intended instant did not
   * want on the data then readable is known from the next datapoint published after that round. A
   * scale-up's delay runs to the clock, so otherwise it is known when intended. Neither moves past the
   * decision itself (a decision that came first did not need that data). A hold the timing rule does not
   * name (pending.hold_scale_up, off by default) would read as data that did not yet show the change.
   */
  lateness(): readonly LatenessSample[] {
    return this.log.records
      .filter((r) => r.direction !== "none" && r.intendedAt !== null)
      .map((r) => {
        const intendedAt = r.intendedAt!;
        const direction = r.direction === "up" ? "up" : "down";
        const notWanted = this.log.notWantedBefore.get(r) ?? null;
        const known = [
          direction === "down" ? this.publications.coveredAt(r.targetId, intendedAt) : null,
          notWanted !== null && notWanted >= intendedAt
            ? this.publications.publishedAfter(r.targetId, notWanted)
            : null,
        ].filter((t): t is number => t !== null && t > intendedAt && t <= r.at);
        return known.length === 0
          ? { intendedAt, at: r.at, direction }
          : { intendedAt, knownAt: Math.max(...known), at: r.at, direction };
      });
  }

  usage(): ControlPlaneUsage {
    const calls: Record<string, number> = { ...this.meter.snapshot() };
    calls["CloudWatch:GetMetricData"] = this.metrics.calls;
    calls["Lambda:Invoke"] = this.tickInvocations + this.alarmInvocations + this.forecastInvocations;
    const managed = this.direct === null;
    const alarms = this.alarms.all();
    const highResolution = (a: AlarmSpec) => (a.periodS ?? ALARM_SPEC_DEFAULTS.periodS) < 60;
    return {
      calls,
      metricsRequested: this.metrics.metricsRequested,
      readUnits: this.meter.readUnits,
      writeUnits: this.meter.writeUnits,
      lambdaInvocations: this.tickInvocations + this.alarmInvocations + this.forecastInvocations,
      lambdaGbSeconds: this.lambdaSeconds * this.pattern.lambdaMemoryGb,
      alarms: {
        highResolution: alarms.filter(highResolution).length,
        // Managed scaling keeps its own pair of alarms on CapacityProviderReservation.
        standard: alarms.filter((a) => !highResolution(a)).length + (managed ? 2 : 0),
      },
      customMetrics: this.resolved.reduce((n, r) => n + 2 + (r.slo ? 1 : 0), 0),
      notes: [
        `${this.tickInvocations} tick and ${this.alarmInvocations} alarm invocations, ${this.rounds} evaluation rounds, ${this.conflicts} write conflicts`,
        ...(this.forecastInvocations > 0
          ? [`${this.forecastInvocations} forecast invocations, ${this.forecasts.puts} forecasts stored`]
          : []),
        ...(this.errors.length > 0
          ? [`${this.errors.length} engine errors, first: ${String(this.errors[0])}`]
          : []),
      ],
    };
  }

  private publish(targetId: string, stats: PeriodStats): void {
    const series = this.publishedSeriesOf(targetId);
    series.ongoing.append(stats.t, stats.runningAvg);
    // Replicas publish their own ongoing requests: with none serving there is no per-replica datapoint.
    if (stats.servingAvg > 0) series.ongoingPerReplica.append(stats.t, stats.runningAvg / stats.servingAvg);
    series.queued.append(stats.t, stats.queuedAvg);
    if (stats.firstOutputMs.length > 0)
      series.ttft.append(stats.t, percentile([...stats.firstOutputMs], 0.95));
    if (stats.latencyMs.length > 0) series.latency.append(stats.t, percentile([...stats.latencyMs], 0.95));
  }

  /**
   * The simulated CloudWatch's series of `targetId`'s metrics: the same five every period, so each is found
   * by its key once rather than on every datapoint.
   */
  private publishedSeriesOf(targetId: string): PublishedSeries {
    let series = this.publishedSeries.get(targetId);
    if (series === undefined) {
      const dimensions = Object.freeze({ Service: targetId });
      const of = (name: string) => this.metrics.seriesOf(SIM_METRICS.namespace, name, dimensions);
      series = {
        ongoing: of(SIM_METRICS.ongoing),
        ongoingPerReplica: of(SIM_METRICS.ongoingPerReplica),
        queued: of(SIM_METRICS.queued),
        ttft: of(SIM_METRICS.ttft),
        latency: of(SIM_METRICS.latency),
      };
      this.publishedSeries.set(targetId, series);
    }
    return series;
  }

  private maxInstances(trace: Trace): number {
    let gpus = 0;
    for (const [k, p] of this.resolved.entries()) {
      const windowMax = Math.max(0, ...p.schedules.map((w) => w.overrides.max_replicas ?? 0));
      gpus += Math.max(p.ray.maxReplicas, windowMax) * trace.stages[k]!.gpusPerReplica;
    }
    return Math.ceil(gpus / trace.instance.gpus);
  }
}

/** The series one target's service publishes (SIM_METRICS). */
interface PublishedSeries {
  readonly ongoing: StoredSeries;
  readonly ongoingPerReplica: StoredSeries;
  readonly queued: StoredSeries;
  readonly ttft: StoredSeries;
  readonly latency: StoredSeries;
}

/**
 * Evaluation ids for a run: unique, in a UUID's shape and length (so item sizes, and the request units
 * worked out from them, are as with random ones), and reproducible; cheaper to make than `randomUUID`.
 */
function roundIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
}
