/** A GPU instance of the simulated cluster. */
export interface Instance {
  readonly id: number;
  readonly gpus: number;
  freeGpus: number;
  state: "booting" | "ready" | "terminated";
  readonly launchedAt: number;
  readyAt: number;
  terminatedAt: number | null;
  /** Since when every GPU has been free (null while one is in use); idle-timeout scale-in reads it. */
  idleSince: number | null;
}
