import { z } from "zod";
import { isValidTimeZone } from "./isValidTimeZone";
import { strictSection } from "./strictSection";

/** Longest history the forecaster reads: CloudWatch keeps 5-minute data for 63 days. */
export const MAX_HISTORY_DAYS = 63;
/** Longest lead time: a forecast covers 48 h, and a lead beyond a day would size for tomorrow. */
export const MAX_PREDICTIVE_LEAD_S = 24 * 3600;

/**
 * The `predictive` section: a forecast floor. Mode names follow AWS predictive scaling
 * (ForecastOnly, ForecastAndScale). Valid with just `mode`; the default is `off`.
 */
export const PredictiveSchema = strictSection({
  /** `off`: no forecast; `forecast_only`: forecast recorded and shown, never acted on; `forecast_and_scale`: acted on. */
  mode: z.enum(["off", "forecast_only", "forecast_and_scale"]).default("off"),
  /** Days of the target's load history the forecast reads (at least 1 day is needed before any forecast). */
  history_days: z.number().int().min(1).max(MAX_HISTORY_DAYS).default(14),
  /**
   * How far ahead the floor looks; defaults to the target's cold_start_s plus instance_boot_s, or plus
   * instance_restart_s while its Auto Scaling group's warm pool holds warmed instances.
   */
  lead_time_s: z.number().min(0).max(MAX_PREDICTIVE_LEAD_S).optional(),
  /** IANA zone whose days and times of day the forecast buckets by (market hours follow New York's DST). */
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. "America/New_York", "UTC")' })
    .default("UTC"),
});
export type Predictive = z.infer<typeof PredictiveSchema>;

/** The `predictive` section's default when a policy leaves it out (one home: the schema above). */
export const PREDICTIVE_DEFAULT: Predictive = PredictiveSchema.parse({});

/** The predictive section with its lead time worked out. */
export interface ResolvedPredictive {
  readonly mode: Predictive["mode"];
  readonly historyDays: number;
  /** Seconds ahead of now at which the forecast floor is read. */
  readonly leadTimeS: number;
  /** The same while the target's group has warmed instances in its warm pool (capacity restarts, not boots). */
  readonly warmLeadTimeS: number;
  readonly timezone: string;
}

/**
 * Resolves the section: `lead_time_s` when set (with or without a warm pool), else `defaultLeadS` (the
 * target's cold start plus instance boot, the same lead schedule windows use) and `defaultWarmLeadS` (cold
 * start plus instance restart) while the warm pool holds instances.
 */
export function resolvePredictive(
  section: Predictive,
  lead: { readonly defaultLeadS: number; readonly defaultWarmLeadS: number },
): ResolvedPredictive {
  return {
    mode: section.mode,
    historyDays: section.history_days,
    leadTimeS: section.lead_time_s ?? lead.defaultLeadS,
    warmLeadTimeS: section.lead_time_s ?? lead.defaultWarmLeadS,
    timezone: section.timezone,
  };
}
