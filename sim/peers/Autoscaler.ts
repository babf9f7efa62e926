import type { CapacityProvisioner } from "../capacity/CapacityProvisioner";
import type { ControlPlaneUsage } from "../model/ControlPlaneUsage";
import type { World } from "../model/World";
import type { Trace } from "../traces/Trace";

/**
 * A decision's timing against the autoscaler's own rules: when it was meant to happen, when the
 * information it needed to know that was available to it, and when it happened.
 */
export interface LatenessSample {
  readonly intendedAt: number;
  /**
   * When the data the rule needed to make this change was readable, when that was after `intendedAt`
   * (a driftless scale-down waits for published datapoints covering its delay). Absent: at `intendedAt`.
   */
  readonly knownAt?: number;
  readonly at: number;
  readonly direction: "up" | "down";
}

/**
 * An autoscaler under test: driftless running its real engine, or a model of a peer. It chooses its
 * instance layer and starting replicas, then attaches to the world and drives it only by setting
 * desired replicas, reading what its real counterpart would read.
 */
export interface Autoscaler {
  /** Short id, e.g. `ray-serve`, `driftless:market-hours`. */
  readonly id: string;
  /** What the report calls it. */
  readonly label: string;
  /** Replicas per stage at t = 0 (already serving). */
  initialReplicas(trace: Trace): number[];
  /** The instance layer this system runs on. */
  capacity(trace: Trace): CapacityProvisioner;
  /** Starts its control loop in `world`. */
  attach(world: World): void;
  /** Lateness of its decisions against its own rules (empty when it has no such rules). */
  lateness(world: World): readonly LatenessSample[];
  /** What its control plane used, once the run is over. */
  usage(world: World): ControlPlaneUsage;
}
