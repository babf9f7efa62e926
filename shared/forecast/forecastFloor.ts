/**
 * The decision with the forecast floor under it: max(reactive, forecastReplicas). Never lower than the
 * reactive decision; with no forecast (null) the reactive decision stands. Bounds, limits and ceilings
 * apply after it, in the engine.
 */
export function forecastFloor(args: {
  readonly reactive: number;
  readonly forecastReplicas: number | null;
}): number {
  return args.forecastReplicas === null ? args.reactive : Math.max(args.reactive, args.forecastReplicas);
}
