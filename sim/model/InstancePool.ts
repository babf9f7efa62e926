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
 * provisioner launches an instance and it finishes booting. Instances are billed while running (from
 * launch or restart to stop or termination), so GPU-hours include boot time and idle time. With
 * `reuse` set (an Auto Scaling warm pool with ReuseOnScaleIn, or Ray's cache_stopped_nodes), scale-in
 * stops instances instead of terminating them and scale-out restarts stopped ones first (about
 * 45-75 s instead of a full boot); stopped instances cost only their EBS volume.
 */
export class InstancePool {
  /** Every instance the run had, terminated ones too (their billed periods stay in the results). */
  readonly instances: Instance[] = [];
  /**
   * The instances not terminated, in launch order: what the counts and placement look at. A long run
   * launches hundreds of instances, and the counts are read on every round.
   */
  private readonly current: Instance[] = [];
  /** Each instance's id as the Auto Scaling group and ECS name it (`i-sim<id>`), built once per instance. */
  private readonly ids: string[] = [];
  private readonly waiters: GpuWaiter[] = [];
  private nextId = 1;
  /** Called whenever demand or supply changes (provisioners that react at once listen here). */
  onChange: (() => void) | null = null;
  /** Stopped instances are kept and restarted (warm pool, Ray's cached nodes); null: terminate on scale-in. */
  reuse: { readonly restartS: readonly [number, number] } | null = null;

  constructor(
    private readonly loop: SimLoop,
    readonly spec: InstanceSpec,
    private readonly rng: Rng,
  ) {}

  /**
   * The instances not terminated (booting, ready or stopped), in launch order: `instances` without the
   * terminated ones, which a long run has hundreds of and the group's adapters read on every round.
   */
  get notTerminated(): readonly Instance[] {
    return this.current;
  }

  /** The instance's id on AWS (`i-sim<id>`): the same string every time. */
  instanceId(instance: Instance): string {
    let id = this.ids[instance.id];
    if (id === undefined) {
      id = `i-sim${instance.id}`;
      this.ids[instance.id] = id;
    }
    return id;
  }

  /** Instances booting or ready (not being prepared for a warm pool): what the group's desired capacity amounts to. */
  get live(): number {
    let n = 0;
    for (const i of this.current) if ((i.state === "booting" || i.state === "ready") && !i.forPool) n++;
    return n;
  }

  /** Stopped instances, plus those being prepared to join them (a warm pool's size). */
  get parked(): number {
    let n = 0;
    for (const i of this.current) if (i.state === "stopped" || (i.forPool && i.state === "booting")) n++;
    return n;
  }

  get ready(): number {
    let n = 0;
    for (const i of this.current) if (i.state === "ready") n++;
    return n;
  }

  get booting(): number {
    let n = 0;
    for (const i of this.current) if (i.state === "booting" && !i.forPool) n++;
    return n;
  }

  /** GPUs claimed by replicas plus GPUs replicas are waiting for. */
  get gpuDemand(): number {
    let n = 0;
    for (const i of this.current) if (i.state === "ready") n += i.gpus - i.freeGpus;
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

  /** Stopped instances already there at t = 0 (a warm pool filled before the run). */
  prewarmStopped(count: number): void {
    for (let k = 0; k < count; k++) {
      const instance = this.add(this.loop.now(), 0);
      this.park(instance);
    }
  }

  /**
   * Brings `count` instances into service: stopped ones restart first (when reused), the rest launch
   * and boot for a time drawn from the spec's range.
   */
  launch(count: number): void {
    let left = count;
    if (this.reuse) {
      const stopped = this.current.filter((i) => i.state === "stopped");
      for (const instance of stopped) {
        if (left <= 0) break;
        left--;
        this.restart(instance, this.rng.uniform(this.reuse.restartS[0], this.reuse.restartS[1]));
      }
    }
    for (let k = 0; k < left; k++) this.boot(this.add(this.loop.now(), 1), false);
    if (count > 0) this.onChange?.();
  }

  /** Launches `count` instances into the warm pool: they boot (billed), then stop. */
  launchIntoPool(count: number): void {
    for (let k = 0; k < count; k++) this.boot(this.add(this.loop.now(), 1), true);
  }

  /** Terminates up to `count` stopped instances (a warm pool above its size); returns how many. */
  terminateStopped(count: number): number {
    const now = this.loop.now();
    const terminated = this.current.filter((i) => i.state === "stopped").slice(0, Math.max(0, count));
    for (const i of terminated) {
      this.terminate(i, now);
      closeLast(i.parks, now);
    }
    return terminated.length;
  }

  private boot(instance: Instance, forPool: boolean): void {
    const boot = this.rng.uniform(this.spec.bootS[0], this.spec.bootS[1]);
    instance.state = "booting";
    instance.forPool = forPool;
    instance.readyAt = this.loop.now() + boot;
    this.loop.after(boot, () => this.becomeReady(instance));
  }

  private restart(instance: Instance, seconds: number): void {
    const now = this.loop.now();
    closeLast(instance.parks, now);
    instance.runs.push({ from: now, to: null });
    instance.state = "booting";
    instance.forPool = false;
    instance.readyAt = now + seconds;
    this.loop.after(seconds, () => this.becomeReady(instance));
  }

  private becomeReady(instance: Instance): void {
    if (instance.state !== "booting" || this.loop.now() < instance.readyAt) return;
    if (instance.forPool) {
      instance.forPool = false;
      this.park(instance);
      return;
    }
    instance.state = "ready";
    instance.idleSince = this.loop.now();
    this.grant();
    this.onChange?.();
  }

  /** Stops a running instance, keeping its disk. */
  private park(instance: Instance): void {
    const now = this.loop.now();
    closeLast(instance.runs, now);
    instance.parks.push({ from: now, to: null });
    instance.state = "stopped";
    instance.idleSince = null;
  }

  /**
   * Terminates (or, when reused, stops) up to `count` instances that run no replica and have been idle
   * for `idleForS`, booting ones first when `includeBooting` (an Auto Scaling group scaling in), then
   * the most recently launched (managed termination protection: an instance with tasks is never
   * terminated). Returns how many left service.
   */
  terminateIdle(count: number, options: { idleForS?: number; includeBooting?: boolean } = {}): number {
    const now = this.loop.now();
    const idleForS = options.idleForS ?? 0;
    const candidates = this.current
      .filter(
        (i) =>
          (options.includeBooting === true && i.state === "booting" && !i.forPool) ||
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
      // Reused instances go back to the pool (ReuseOnScaleIn), a booting one too, stopped where it is.
      if (this.reuse) this.park(i);
      else {
        this.terminate(i, now);
        closeLast(i.runs, now);
      }
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

  /** GPU-seconds billed between `from` and `to` (instances are billed while running). */
  gpuSeconds(from: number, to: number): number {
    let s = 0;
    for (const i of this.instances) s += overlap(i.runs, from, to) * i.gpus;
    return s;
  }

  /** Instance-seconds stopped (EBS only) between `from` and `to`. */
  stoppedSeconds(from: number, to: number): number {
    let s = 0;
    for (const i of this.instances) s += overlap(i.parks, from, to);
    return s;
  }

  /** A new instance, running (billed) from `launchedAt`; `boot` 0: ready at once. */
  private add(launchedAt: number, boot: number): Instance {
    const instance: Instance = {
      id: this.nextId++,
      gpus: this.spec.gpus,
      freeGpus: this.spec.gpus,
      state: boot > 0 ? "booting" : "ready",
      launchedAt,
      readyAt: launchedAt,
      terminatedAt: null,
      idleSince: boot > 0 ? null : launchedAt,
      runs: [{ from: launchedAt, to: null }],
      parks: [],
      forPool: false,
    };
    this.instances.push(instance);
    this.current.push(instance);
    return instance;
  }

  private terminate(instance: Instance, now: number): void {
    instance.state = "terminated";
    instance.terminatedAt = now;
    this.current.splice(this.current.indexOf(instance), 1);
  }

  private grant(): void {
    const i = 0;
    while (i < this.waiters.length) {
      const w = this.waiters[i]!;
      if (w.cancelled) {
        this.waiters.splice(i, 1);
        continue;
      }
      const instance = this.current.find((x) => x.state === "ready" && x.freeGpus >= w.gpus);
      // First come, first served: a waiter that does not fit blocks the ones behind it.
      if (!instance) return;
      instance.freeGpus -= w.gpus;
      instance.idleSince = null;
      this.waiters.splice(i, 1);
      w.granted(instance);
    }
  }
}

/** Closes the open period of `periods` at `at`. */
function closeLast(periods: { from: number; to: number | null }[], at: number): void {
  const last = periods[periods.length - 1];
  if (last && last.to === null) last.to = at;
}

/** Seconds of `periods` (open ones running to `to`) within [from, to). */
function overlap(periods: readonly { from: number; to: number | null }[], from: number, to: number): number {
  let s = 0;
  for (const p of periods) {
    const a = Math.max(from, p.from);
    const b = Math.min(to, p.to ?? to);
    if (b > a) s += b - a;
  }
  return s;
}
