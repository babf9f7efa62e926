import { diurnalTrace } from "./diurnalTrace";
import { flashCrowdTrace } from "./flashCrowdTrace";
import { marketHoursTrace } from "./marketHoursTrace";
import { pipelineTrace } from "./pipelineTrace";
import { sawtoothTrace } from "./sawtoothTrace";
import type { Trace } from "./Trace";

/** The built-in traces by name; each is built for a seed (market-hours places its bursts with it). */
export const BUILTIN_TRACES: Readonly<Record<string, (seed: number) => Trace>> = Object.freeze({
  "market-hours": marketHoursTrace,
  "flash-crowd": () => flashCrowdTrace(),
  diurnal: () => diurnalTrace(),
  sawtooth: () => sawtoothTrace(),
  pipeline: () => pipelineTrace(),
});
