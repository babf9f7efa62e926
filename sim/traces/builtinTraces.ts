import { diurnalTrace } from "./diurnalTrace";
import { flashCrowdTrace } from "./flashCrowdTrace";
import { marketHoursTrace } from "./marketHoursTrace";
import { pipelineTrace } from "./pipelineTrace";
import { sawtoothTrace } from "./sawtoothTrace";
import type { Trace } from "./Trace";

/**
 * The built-in traces by name; each is built for a seed (market-hours places its bursts with it) and
 * a number of days (only those in MULTI_DAY_TRACES take more than one).
 */
export const BUILTIN_TRACES: Readonly<Record<string, (seed: number, days?: number) => Trace>> = Object.freeze(
  {
    "market-hours": (seed: number, days = 1) => marketHoursTrace(seed, days),
    "flash-crowd": () => flashCrowdTrace(),
    diurnal: () => diurnalTrace(),
    sawtooth: () => sawtoothTrace(),
    pipeline: () => pipelineTrace(),
  },
);

/** Built-in traces that `--days` can lengthen (weekdays and weekends differ; each day drawn from the seed). */
export const MULTI_DAY_TRACES: readonly string[] = Object.freeze(["market-hours"]);
