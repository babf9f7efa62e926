import type { Rng } from "../Rng";
import type { SimLoop } from "../SimLoop";
import type { InstanceSpec } from "../traces/Trace";
import type { Instance } from "./Instance";

/** A replica waiting for a GPU: granted in arrival order when one frees up or an instance boots. */
export interface GpuWaiter {
  readonly gpus: number;
  granted: (instance: Instance) => void;
  cancelled: boolean;
}

/**
 * The cluster's GPU instances (an Auto Scaling group, a Ray or Karpenter node pool). Replicas claim
 * whole GPUs on ready instances; when none is free they wait (ECS task state PROVISIONING) until a
 * provisioner launches an instance and it finishes booting. Instances are billed from launch to
 * termination, so GPU-hours include boot time and idle time.
 */
export class InstancePool {
  readonly instances: Instance[] = [];
  private readonly waiters: GpuWaiter[] = [];
  private nextId = 1;
  /** Called whenever demand or supply changes (provisioners that react at once listen here). */
  onChange: (() => void) | null = null;

  constructor(
    private readonly loop: SimLoop,
    readonly spec: InstanceSpec,
    private readonly rng: Rng,
  ) {}

  /** Instances not terminated (booting or ready): what the group's desired capacity amounts to. */
  get live(): number {
    let n = 0;
    for (const i of this.instances) if (i.state !== "terminated") n++;
    return n;
  }

  get ready(): number {
    let n = 0;
    for (const i of this.instances) if (i.state === "ready") n++;
    return n;
  }

  get booting(): number {
    let n = 0;
    for (const i of this.instances) if (i.state === "booting") n++;
    return n;
  }

  /** GPUs claimed by replicas plus GPUs replicas are waiting for. */
  get gpuDemand(): number {
    let n = 0;
    for (const i of this.instances) if (i.state === "ready") n += i.gpus - i.freeGpus;
    for (const w of this.waiters) if (!w.cancelled) n += w.gpus;
    return n;
  }

  /** GPUs replicas are waiting for. */
  get gpusWaiting(): number {
    let n = 0;
    for (const w of this.waiters) if (!w.cancelled) n += w.gpus;
    return n;
  }

  /** Instances already running when the simulation starts (booted before t = 0). */
  prewarm(count: number): void {
    for (let k = 0; k < count; k++) this.add(this.loop.now(), 0);
  }

  /** Launches `count` instances; each is ready after a boot time drawn from the spec's range. */
  launch(count: number): void {
    for (let k = 0; k < count; k++) {
      const boot = this.rng.uniform(this.spec.bootS[0], this.spec.bootS[1]);
      const instance = this.add(this.loop.now(), boot);
      this.loop.after(boot, () => {
        if (instance.state !== "booting") return;
        instance.state = "ready";
        instance.idleSince = this.loop.now();
        this.grant();
        this.onChange?.();
      });
    }
    if (count > 0) this.onChange?.();
  }

  /**
   * Terminates up to `count` instances that run no replica and have been idle for `idleForS`, booting
   * ones first when `includeBooting` (an Auto Scaling group scaling in), then the most recently
   * launched (managed termination protection: an instance with tasks is never terminated). Returns
   * how many were terminated.
   */
  terminateIdle(count: number, options: { idleForS?: number; includeBooting?: boolean } = {}): number {
    const now = this.loop.now();
    const idleForS = options.idleForS ?? 0;
    const candidates = this.instances
      .filter(
        (i) =>
          (options.includeBooting === true && i.state === "booting") ||
          (i.state === "ready" &&
            i.freeGpus === i.gpus &&
            i.idleSince !== null &&
            now - i.idleSince >= idleForS),
      )
      .sort((a, b) =>
        a.state === b.state ? b.launchedAt - a.launchedAt || b.id - a.id : a.state === "booting" ? -1 : 1,
      );
    let done = 0;
    for (const i of candidates) {
      if (done >= count) break;
      i.state = "terminated";
      i.terminatedAt = now;
      done++;
    }
    if (done > 0) this.onChange?.();
    return done;
  }

  /** Claims GPUs for a replica: at once if a ready instance has them free, else when one does. */
  claim(waiter: GpuWaiter): void {
    this.waiters.push(waiter);
    this.grant();
    this.onChange?.();
  }

  /** Returns a replica's GPUs to its instance. */
  release(instance: Instance, gpus: number): void {
    instance.freeGpus += gpus;
    if (instance.freeGpus === instance.gpus) instance.idleSince = this.loop.now();
    this.grant();
    this.onChange?.();
  }

  /** GPU-seconds billed between `from` and `to` (instances are billed from launch to termination). */
  gpuSeconds(from: number, to: number): number {
    let s = 0;
    for (const i of this.instances) {
      const a = Math.max(from, i.launchedAt);
      const b = Math.min(to, i.terminatedAt ?? to);
      if (b > a) s += (b - a) * i.gpus;
    }
    return s;
  }

  private add(launchedAt: number, boot: number): Instance {
    const instance: Instance = {
      id: this.nextId++,
      gpus: this.spec.gpus,
      freeGpus: this.spec.gpus,
      state: boot > 0 ? "booting" : "ready",
      launchedAt,
      readyAt: launchedAt + boot,
      terminatedAt: null,
      idleSince: boot > 0 ? null : launchedAt,
    };
    this.instances.push(instance);
    return instance;
  }

  private grant(): void {
    const i = 0;
    while (i < this.waiters.length) {
      const w = this.waiters[i]!;
      if (w.cancelled) {
        this.waiters.splice(i, 1);
        continue;
      }
      const instance = this.instances.find((x) => x.state === "ready" && x.freeGpus >= w.gpus);
      // First come, first served: a waiter that does not fit blocks the ones behind it.
      if (!instance) return;
      instance.freeGpus -= w.gpus;
      instance.idleSince = null;
      this.waiters.splice(i, 1);
      w.granted(instance);
    }
  }
}
