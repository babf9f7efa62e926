/**
 * The requests of one run, drawn once and shared by every policy compared on it (common random
 * numbers): arrival times, and per stage each request's first-output and processing times before
 * batching slows them.
 */
export interface Workload {
  readonly arrivals: Float64Array;
  /** Indexed [stage][request]. */
  readonly firstOutputS: readonly Float64Array[];
  readonly serviceS: readonly Float64Array[];
}
