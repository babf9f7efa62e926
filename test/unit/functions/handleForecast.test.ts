import { describe, expect, it } from "vitest";
import type { ForecastDeps } from "../../../functions/forecast/ForecastDeps";
import { handleForecast } from "../../../functions/forecast/handleForecast";
import type { LoadHistory } from "../../../shared/engine/ports/LoadHistory";
import { InMemoryForecastStore } from "../../../shared/inMemory/InMemoryForecastStore";
import { InMemoryPolicyStore } from "../../../shared/inMemory/InMemoryPolicyStore";
import { loadHistoryMetric } from "../../../shared/observability/loadHistoryMetric";
import { DAY, dailyBurst, MONDAY, series, valueAt } from "../forecast/historyFixtures";

const NOW = MONDAY + 3 * DAY;
const target = { cluster: "c", service: "s" };

/** Three days of the daily burst for every target, except those named in `failing`. */
function historyFor(failing: readonly string[]): LoadHistory & { reads: { target: string; days: number }[] } {
  const reads: { target: string; days: number }[] = [];
  return {
    reads,
    async read({ metric, now, historyDays }) {
      const id = metric.dimensions.TargetId!;
      reads.push({ target: id, days: historyDays });
      if (failing.includes(id)) throw new Error(`CloudWatch GetMetricData failed for ${id}`);
      return series(Math.max(MONDAY, now - historyDays * DAY), now, dailyBurst);
    },
  };
}

async function setup(policies: Record<string, Record<string, unknown>>, failing: string[] = []) {
  const store = new InMemoryPolicyStore();
  for (const [targetId, body] of Object.entries(policies)) {
    await store.put({ targetId, body, updatedBy: "test", updatedAt: "2026-11-05T00:00:00Z" }, 0);
  }
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, extra: Record<string, unknown>) =>
    lines.push({ level, message, extra });
  const history = historyFor(failing);
  const deps: ForecastDeps = {
    policies: store,
    history,
    forecasts: new InMemoryForecastStore(),
    clock: { now: () => NOW },
    logger: { info: log("info"), warn: log("warn"), error: log("error") },
    historyMetric: (targetId) => loadHistoryMetric({ targetId }),
  };
  return { deps, lines, history };
}

describe("handleForecast", () => {
  it("forecasts and stores every target with predictive on, skipping those with it off", async () => {
    const { deps, lines, history } = await setup({
      on: { target, predictive: { mode: "forecast_and_scale", history_days: 2 } },
      shown: { target, predictive: { mode: "forecast_only" } },
      off: { target },
    });
    const result = await handleForecast(deps);
    expect(result).toMatchObject({ ok: true, madeAt: NOW, stored: 2, failed: 0, tooLittleHistory: 0 });
    expect(history.reads).toEqual([
      { target: "on", days: 2 },
      { target: "shown", days: 14 },
    ]);
    const stored = await deps.forecasts.get("on");
    expect(valueAt(stored!, NOW + 14 * 3600 + 45 * 60)).toBe(20);
    expect(await deps.forecasts.get("off")).toBeUndefined();
    expect(lines.map((l) => [l.level, (l.extra.forecast as { targetId: string }).targetId])).toEqual([
      ["info", "on"],
      ["info", "shown"],
    ]);
    expect(lines[0]!.extra.forecast).toMatchObject({
      status: "stored",
      peakLoad: 20,
      peakAt: NOW + 14.5 * 3600,
    });
  });

  it("never lets one bad target stop the others: a failed read and an invalid policy are outcomes", async () => {
    const { deps, lines } = await setup(
      {
        broken: { target, predictive: { mode: "forecast_only" } },
        invalid: { target, predictive: { mode: "sometimes" } },
        fine: { target, predictive: { mode: "forecast_only" } },
      },
      ["broken"],
    );
    const result = await handleForecast(deps);
    expect(result).toMatchObject({ ok: true, stored: 1, failed: 1 });
    expect(await deps.forecasts.get("fine")).toBeDefined();
    expect(lines.map((l) => [l.level, (l.extra.forecast as { status: string }).status])).toEqual([
      ["error", "failed"],
      ["warn", "invalid"],
      ["info", "stored"],
    ]);
  });

  it("stores nothing, and says so, with less than 24 h of history", async () => {
    const { deps, lines } = await setup({ young: { target, predictive: { mode: "forecast_and_scale" } } });
    deps.history.read = async ({ now }) => series(now - DAY + 600, now, dailyBurst);
    const result = await handleForecast(deps);
    expect(result).toMatchObject({ ok: true, stored: 0, tooLittleHistory: 1 });
    expect(await deps.forecasts.get("young")).toBeUndefined();
    expect(lines[0]!.extra.forecast).toMatchObject({ status: "too_little_history", datapoints: 1430 });
  });

  it("answers ok false, not a throw, when the policies cannot be listed", async () => {
    const { deps, lines } = await setup({});
    const failing = { ...deps, policies: { list: () => Promise.reject(new Error("table gone")) } };
    expect(await handleForecast(failing)).toMatchObject({ ok: false, stored: 0 });
    expect(lines[0]?.level).toBe("error");
  });
});
