import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadHistoryMetric } from "../../../shared/observability/loadHistoryMetric";
import { METRIC, METRICS_NAMESPACE } from "../../../shared/observability/metricNames";
import { PowertoolsObserver } from "../../../shared/observability/PowertoolsObserver";
import { decisionRecord } from "../aws/fixtures";

afterEach(() => vi.restoreAllMocks());

describe("loadHistoryMetric", () => {
  it("names exactly the Load metric the evaluating functions publish (namespace, name, dimension set)", () => {
    // arrange: the observer as buildRuntime builds it, its EMF output captured
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
      lines.push(
        ...String(chunk)
          .split("\n")
          .filter((l) => l.startsWith("{")),
      );
      return true;
    });
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: "driftless" });
    const logger = new Logger({ serviceName: "driftless-tick", logLevel: "SILENT" });
    new PowertoolsObserver(logger, metrics).decision(
      decisionRecord(1_800_000_000, { targetId: "llm", load: 7 }),
    );

    // act
    const metric = loadHistoryMetric({ targetId: "llm" });

    // assert
    const emf = lines.map((l) => JSON.parse(l)).find((o) => o._aws && METRIC.load in o);
    const published = emf._aws.CloudWatchMetrics[0];
    expect(published.Namespace).toBe(metric.namespace);
    expect(published.Metrics.map((m: { Name: string }) => m.Name)).toContain(metric.name);
    expect([...published.Dimensions[0]].sort()).toEqual(Object.keys(metric.dimensions).sort());
    for (const [name, value] of Object.entries(metric.dimensions)) expect(emf[name]).toBe(value);
  });
});

describe("the ForecastReplicas metric", () => {
  const emfOf = (forecast?: {
    replicas: number;
    at: number;
    madeAt: number;
    risenAt: number;
    acts: boolean;
  }) => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
      lines.push(
        ...String(chunk)
          .split("\n")
          .filter((l) => l.startsWith("{")),
      );
      return true;
    });
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: "driftless" });
    const logger = new Logger({ serviceName: "driftless-tick", logLevel: "SILENT" });
    new PowertoolsObserver(logger, metrics).decision(
      decisionRecord(1_800_000_000, { targetId: "llm", ...(forecast ? { forecast } : {}) }),
    );
    vi.restoreAllMocks();
    return lines.map((l) => JSON.parse(l)).find((o) => o._aws && METRIC.load in o);
  };

  it("is published with the decision's other figures when the decision saw a forecast floor", () => {
    const emf = emfOf({
      replicas: 4,
      at: 1_800_000_300,
      madeAt: 1_799_999_000,
      risenAt: 1_800_000_000,
      acts: false,
    });
    expect(emf[METRIC.forecastReplicas]).toBe(4);
    expect(emf.TargetId).toBe("llm");
  });

  it("is absent for a decision without a forecast", () => {
    expect(METRIC.forecastReplicas in emfOf()).toBe(false);
  });
});
