import type { Command } from "commander";
import type { Clock } from "../../shared/engine/ports/Clock";
import type { ForecastStore } from "../../shared/engine/ports/ForecastStore";
import type { PolicyStore } from "../../shared/engine/ports/PolicyStore";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { parsePolicy } from "../../shared/policy/parsePolicy";
import { buildForecastRuntime } from "../../shared/runtime/buildForecastRuntime";
import { formatForecast } from "../format/formatForecast";

/** What `driftless forecast` works with. */
export interface ForecastCliContext {
  readonly policies: Pick<PolicyStore, "get">;
  readonly forecasts: Pick<ForecastStore, "get">;
  readonly clock: Pick<Clock, "now">;
  out(text: string): void;
}

/** The context over the configured endpoint (table names, region, AWS_ENDPOINT_URL from the environment). */
function defaultContext(): ForecastCliContext {
  const runtime = buildForecastRuntime(process.env, { serviceName: "driftless-cli" });
  return { ...runtime, out: (text) => process.stdout.write(`${text}\n`) };
}

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0)) throw new DriftlessError(`--${name} must be a positive number, not "${value}"`);
  return n;
};

/** Registers `driftless forecast <target>`: the stored forecast of the next hours as a table and bars. */
export function registerForecastCommand(
  program: Command,
  context: () => ForecastCliContext = defaultContext,
): void {
  program
    .command("forecast <target>")
    .description("the stored load forecast of a target: time, load, replicas it needs (next 24 h)")
    .option("--hours <h>", "how many hours ahead", positive("hours"), 24)
    .option("--every <minutes>", "minutes per row (each row shows the peak within it)", positive("every"), 30)
    .option("--json", "print the stored forecast as JSON")
    .action(async (targetId: string, options: { hours: number; every: number; json?: boolean }) => {
      const ctx = context();
      const record = await ctx.policies.get(targetId);
      if (record === undefined) throw new DriftlessError(`no policy for target "${targetId}"`);
      const parsed = parsePolicy(record.body);
      if (!parsed.ok)
        throw new DriftlessError(`the policy of "${targetId}" is invalid: run driftless policy validate`);
      const { predictive, ray } = parsed.policy;
      const forecast = await ctx.forecasts.get(targetId);
      if (options.json) {
        ctx.out(JSON.stringify({ targetId, predictive, forecast: forecast ?? null }, null, 2));
        return;
      }
      if (forecast === undefined) {
        ctx.out(
          predictive.mode === "off"
            ? `${targetId}: predictive is off (set "predictive": {"mode": "forecast_only"} to forecast)`
            : `${targetId}: no forecast yet: the forecast function runs hourly and needs 24 h of load history`,
        );
        return;
      }
      ctx.out(
        formatForecast({
          targetId,
          forecast,
          predictive,
          targetOngoingRequests: ray.targetOngoingRequests,
          now: ctx.clock.now(),
          hours: options.hours,
          rowS: Math.max(60, Math.round(options.every * 60)),
        }),
      );
    });
}
