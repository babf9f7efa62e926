import { describe, expect, it } from "vitest";
import type { AlarmSpec } from "../../shared/alarms/AlarmSpec";
import { SimAlarmManager } from "../../sim/driftless/SimAlarmManager";

const spec = (suffix: string, threshold = 10): AlarmSpec => ({
  suffix,
  namespace: "Driftless/Sim",
  metricName: "OngoingRequests",
  dimensions: { Service: "svc" },
  statistic: "Average",
  threshold,
  comparison: "GreaterThanThreshold",
});

describe("SimAlarmManager", () => {
  it("reports what a sync puts, deletes and leaves unchanged, as CloudWatchAlarmManager does", async () => {
    const alarms = new SimAlarmManager();
    expect(await alarms.syncAlarms("svc", [spec("scale-up"), spec("scale-down", 5)])).toEqual({
      put: ["svc.scale-up", "svc.scale-down"],
      deleted: [],
      unchanged: [],
    });
    expect(await alarms.syncAlarms("svc", [spec("scale-up", 20), spec("slo", 800)])).toEqual({
      put: ["svc.scale-up", "svc.slo"],
      deleted: ["svc.scale-down"],
      unchanged: [],
    });
    expect(await alarms.syncAlarms("svc", [spec("scale-up", 20), spec("slo", 800)])).toMatchObject({
      put: [],
      unchanged: ["svc.scale-up", "svc.slo"],
    });
    expect(alarms.specsOf("svc").map((a) => a.threshold)).toEqual([20, 800]);
  });

  it("refuses repeated suffixes before changing anything", async () => {
    const alarms = new SimAlarmManager();
    await alarms.syncAlarms("svc", [spec("scale-up")]);
    await expect(alarms.syncAlarms("svc", [spec("slo"), spec("slo")])).rejects.toThrow(/unique/);
    expect(alarms.specsOf("svc")).toEqual([spec("scale-up")]);
  });

  it("deletes every alarm of a target and only that target's", async () => {
    const alarms = new SimAlarmManager();
    await alarms.syncAlarms("a", [spec("scale-up")]);
    await alarms.syncAlarms("b", [spec("scale-up")]);
    expect(await alarms.deleteAlarms("a")).toEqual(["a.scale-up"]);
    expect(alarms.specsOf("a")).toEqual([]);
    expect(alarms.all()).toEqual([spec("scale-up")]);
  });
});
