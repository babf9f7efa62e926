/**
 * One sample of a metric: `t` is its timestamp in epoch seconds (for CloudWatch, the start of the
 * period the statistic covers) and `v` its value.
 */
export interface Datapoint {
  readonly t: number;
  readonly v: number;
}

/** A metric timeline; every function in `shared/metrics` takes it sorted and cleaned (see `cleanSeries`). */
export type Series = readonly Datapoint[];
