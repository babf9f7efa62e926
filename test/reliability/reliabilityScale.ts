/**
 * How big the reliability suites run. `npm test` runs the CI size; `RELIABILITY_SCALE=long` (e.g.
 * `RELIABILITY_SCALE=long npm run test:reliability`) runs the long version: more fuzz runs, seeds, rounds
 * and concurrent evaluations, and the 1,000-target scale round.
 */
export const RELIABILITY_LONG = process.env.RELIABILITY_SCALE === "long";

/** `ci` in the CI run, `long` in the long one. */
export function bySize<T>(ci: T, long: T): T {
  return RELIABILITY_LONG ? long : ci;
}
