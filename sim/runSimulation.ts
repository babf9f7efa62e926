import { performance } from "node:perf_hooks";
import { World } from "./model/World";
import type { Autoscaler } from "./peers/Autoscaler";
import { SimLoop } from "./SimLoop";
import type { Trace } from "./traces/Trace";
import type { Workload } from "./traces/Workload";

/** A finished run: the world as it ended, the autoscaler that drove it, and how long it took. */
export interface SimulationRun {
  readonly world: World;
  readonly autoscaler: Autoscaler;
  readonly seed: number;
  /** Wall-clock milliseconds the run took (the only non-virtual time; never part of the results). */
  readonly wallMs: number;
}

/** After the trace ends, requests still in flight may finish for up to this long. */
const DRAIN_LIMIT_S = 3600;

/**
 * Runs `autoscaler` on `trace` with `workload` (drawn for `seed`): builds the world on a virtual
 * clock, attaches the autoscaler, runs to the end of the trace, then lets requests in flight finish
 * (autoscaling goes on) for up to an hour.
 */
export async function runSimulation(
  trace: Trace,
  workload: Workload,
  autoscaler: Autoscaler,
  seed: number,
): Promise<SimulationRun> {
  const began = performance.now();
  const loop = new SimLoop(trace.start);
  const world = new World(
    loop,
    trace,
    workload,
    seed,
    autoscaler.initialReplicas(trace),
    autoscaler.capacity(trace),
  );
  autoscaler.attach(world);
  await loop.run(world.end);
  for (let t = world.end; !world.drained && t < world.end + DRAIN_LIMIT_S; t += 60) await loop.run(t + 60);
  return { world, autoscaler, seed, wallMs: performance.now() - began };
}
