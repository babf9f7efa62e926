/** A GPU instance of the simulated cluster. */
export interface Instance {
  readonly id: number;
  readonly gpus: number;
  freeGpus: number;
  /**
   * `stopped`: parked with its disk (an Auto Scaling warm pool's Stopped instance, a node Ray's
   * cache_stopped_nodes keeps); billed for its EBS volume only, restarted in about a minute (STOPPED_INSTANCE_RESTART_S).
   */
  state: "booting" | "ready" | "stopped" | "terminated";
  readonly launchedAt: number;
  readyAt: number;
  terminatedAt: number | null;
  /** Since when every GPU has been free (null while one is in use); idle-timeout scale-in reads it. */
  idleSince: number | null;
  /** Billed (running) periods as [from, to) pairs, `to` null while running; GPU-hours come from these. */
  readonly runs: { from: number; to: number | null }[];
  /** Stopped periods (EBS only), as `runs`. */
  readonly parks: { from: number; to: number | null }[];
  /** Prepared for a warm pool: it stops as soon as it is ready instead of taking tasks. */
  forPool: boolean;
}
