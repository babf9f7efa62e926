import { z } from "zod";
import { strictSection } from "./strictSection";

/**
 * Lead-time–aware reactive scaling: with capacity minutes away (the target's cold start plus instance
 * boot, the lead time `predictive.lead_time_s` resolves to), size for the load expected when it
 * arrives: the load's trend over `trend_window_s`, extrapolated by the lead time, capped at
 * `max_factor` times the load now. Needs a `target` (the lead time is the target's).
 */
export const LeadSchema = strictSection({
  /** `on`: size scale-ups for the load expected at now + lead time; `off`: Ray's reactive sizing. */
  mode: z.enum(["off", "on"]).default("off"),
  /** The load's trend is fitted over this many seconds of its timeline (within the round's metric window). */
  trend_window_s: z.number().int().min(20).max(600).default(120),
  /** Never size for more than this many times the load now. */
  max_factor: z.number().min(1).max(10).default(2),
});
export type Lead = z.infer<typeof LeadSchema>;
