import type { Instance } from "./Instance";
import type { GpuWaiter } from "./InstancePool";

/**
 * A replica's life: `waiting` for a GPU (ECS PROVISIONING), `loading` its model, `serving`, then
 * `draining` its in-flight requests after a scale-in, and `stopped`.
 */
export interface Replica {
  readonly id: number;
  state: "waiting" | "loading" | "serving" | "draining" | "stopped";
  /** Requests it is processing now. */
  running: number;
  instance: Instance | null;
  waiter: GpuWaiter | null;
  readonly createdAt: number;
  gpuAt: number | null;
  servingAt: number | null;
  stoppedAt: number | null;
  /** When its GPU finishes the prefills already started (token model: prefills run one at a time). */
  prefillFreeAt: number;
}
