import { ALARM_SPEC_DEFAULTS, type AlarmSpec } from "../../shared/alarms/AlarmSpec";
import type { Datapoint } from "../../shared/metrics/Datapoint";
import { evaluateAlarmSpec, type SimAlarmState } from "./evaluateAlarmSpec";
import type { SimAlarmManager } from "./SimAlarmManager";
import type { SimMetricsSource } from "./SimMetricsSource";
import type { StoredSeries } from "./StoredSeries";

const NONE_FIRED: readonly string[] = Object.freeze([]);

/** A stored alarm with what its evaluation needs worked out once. */
interface PreparedAlarm {
  readonly spec: AlarmSpec;
  readonly periodS: number;
  readonly periods: number;
  /** The simulated CloudWatch's series of the alarm's metric. */
  readonly series: StoredSeries;
  /** The alarm before it reads the same metric over the same window (a scale-up and scale-down pair). */
  readonly readsAsPrevious: boolean;
}

/**
 * The simulated CloudWatch's alarm evaluation: at the end of each period, each alarm of a target whose
 * period is whole is evaluated on the datapoints published for its metric, and the alarms that went to
 * ALARM are named. It runs on every published datapoint, so each target's alarms are prepared once per
 * set the SimAlarmManager holds, and their states are kept by target, then by suffix.
 */
export class SimAlarmEvaluator {
  private readonly states = new Map<string, Map<string, SimAlarmState>>();
  private readonly prepared = new WeakMap<readonly AlarmSpec[], readonly PreparedAlarm[]>();

  constructor(
    private readonly alarms: SimAlarmManager,
    private readonly metrics: SimMetricsSource,
  ) {}

  /** The suffixes of `targetId`'s alarms that went to ALARM with the period ending at `periodEnd`. */
  evaluate(targetId: string, periodEnd: number): readonly string[] {
    const states = this.statesOf(targetId);
    // Most periods fire nothing: no array for them.
    let fired: string[] | null = null;
    let previous: readonly Datapoint[] | null = null;
    for (const alarm of this.preparedOf(targetId)) {
      // CloudWatch evaluates a period once it is whole.
      if (periodEnd % alarm.periodS !== 0) {
        previous = null;
        continue;
      }
      const from = periodEnd - alarm.periods * alarm.periodS;
      const series: readonly Datapoint[] =
        alarm.readsAsPrevious && previous !== null ? previous : alarm.series.between(from, periodEnd - 1e-9);
      previous = series;
      const state = evaluateAlarmSpec({ spec: alarm.spec, series, periodEnd });
      const before = states.get(alarm.spec.suffix);
      states.set(alarm.spec.suffix, state);
      if (state !== "ALARM" || before === "ALARM") continue;
      fired ??= [];
      fired.push(alarm.spec.suffix);
    }
    return fired ?? NONE_FIRED;
  }

  private statesOf(targetId: string): Map<string, SimAlarmState> {
    let states = this.states.get(targetId);
    if (states === undefined) {
      states = new Map();
      this.states.set(targetId, states);
    }
    return states;
  }

  private preparedOf(targetId: string): readonly PreparedAlarm[] {
    const specs = this.alarms.specsOf(targetId);
    let prepared = this.prepared.get(specs);
    if (prepared === undefined) {
      prepared = this.prepare(specs);
      this.prepared.set(specs, prepared);
    }
    return prepared;
  }

  /** Each alarm with its periods, its metric's series (found once) and whether it reads as the one before. */
  private prepare(specs: readonly AlarmSpec[]): readonly PreparedAlarm[] {
    const alarms: PreparedAlarm[] = [];
    for (const spec of specs) {
      const alarm = {
        spec,
        periodS: spec.periodS ?? ALARM_SPEC_DEFAULTS.periodS,
        periods: spec.evaluationPeriods ?? ALARM_SPEC_DEFAULTS.evaluationPeriods,
        series: this.metrics.seriesOf(spec.namespace, spec.metricName, spec.dimensions),
      };
      const before = alarms[alarms.length - 1];
      const readsAsPrevious =
        before !== undefined &&
        before.series === alarm.series &&
        before.periodS === alarm.periodS &&
        before.periods === alarm.periods;
      alarms.push({ ...alarm, readsAsPrevious });
    }
    return alarms;
  }
}
