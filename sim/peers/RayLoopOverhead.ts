/**
 * How long one iteration of Ray Serve's controller loop takes beyond its 0.1 s sleep: `baseS` plus
 * `perRequestS` for every ongoing request in the deployment (more requests, more replica and handle
 * metrics to merge and more scheduling work). The defaults give 0.21 s at 40 ongoing requests, an
 * iteration of about 0.31 s, close to the 0.35 s the Ray issue (#62004) reports under load.
 */
export interface RayLoopOverhead {
  readonly baseS: number;
  readonly perRequestS: number;
}

/** The overhead the benchmark assumes unless a sweep varies it. */
export const DEFAULT_RAY_OVERHEAD: RayLoopOverhead = Object.freeze({ baseS: 0.01, perRequestS: 0.005 });

/** Seconds one controller iteration takes with `ongoing` requests: 0.1 s of sleep plus the overhead. */
export function rayIterationS(overhead: RayLoopOverhead, ongoing: number): number {
  return 0.1 + overhead.baseS + overhead.perRequestS * Math.max(0, ongoing);
}
