import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AlarmSpec } from "../../shared/alarms/AlarmSpec";
import { evaluateAlarmSpec, type SimAlarmState } from "../../sim/driftless/evaluateAlarmSpec";
import { SimAlarmEvaluator } from "../../sim/driftless/SimAlarmEvaluator";
import { SimAlarmManager } from "../../sim/driftless/SimAlarmManager";
import { SimMetricsSource } from "../../sim/driftless/SimMetricsSource";

const dimensions = { Service: "svc" };
const ongoing = { namespace: "Driftless/Test", metricName: "Ongoing", dimensions, statistic: "Average" };
/** A scale-up and scale-down pair on one metric and window (they share a read), and one on another metric. */
const specs: readonly AlarmSpec[] = [
  { ...ongoing, suffix: "scale-up", threshold: 10, comparison: "GreaterThanThreshold" },
  {
    ...ongoing,
    suffix: "scale-down",
    threshold: 5,
    comparison: "LessThanThreshold",
    dimensions: { ...dimensions },
  },
  {
    ...ongoing,
    suffix: "queue",
    metricName: "Queued",
    threshold: 3,
    comparison: "GreaterThanThreshold",
    evaluationPeriods: 2,
  },
];

describe("SimAlarmEvaluator", () => {
  it("names the alarms that went to ALARM, each as evaluateAlarmSpec judges its own metric's datapoints", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 6 })), {
          minLength: 1,
          maxLength: 30,
        }),
        async (periods) => {
          const alarms = new SimAlarmManager();
          await alarms.syncAlarms("svc", specs);
          const metrics = new SimMetricsSource();
          const evaluator = new SimAlarmEvaluator(alarms, metrics);
          const published = {
            Ongoing: [] as { t: number; v: number }[],
            Queued: [] as { t: number; v: number }[],
          };
          const states = new Map<string, SimAlarmState>();
          for (const [k, [running, queued]] of periods.entries()) {
            const t = 1000 + 10 * k;
            for (const [name, v] of [
              ["Ongoing", running],
              ["Queued", queued],
            ] as const) {
              metrics.put("Driftless/Test", name, dimensions, { t, v });
              published[name].push({ t, v });
            }
            const expected = specs.filter((spec) => {
              const series = published[spec.metricName as "Ongoing" | "Queued"];
              const state = evaluateAlarmSpec({ spec, series, periodEnd: t + 10 });
              const before = states.get(spec.suffix);
              states.set(spec.suffix, state);
              return state === "ALARM" && before !== "ALARM";
            });
            expect(evaluator.evaluate("svc", t + 10)).toEqual(expected.map((s) => s.suffix));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
