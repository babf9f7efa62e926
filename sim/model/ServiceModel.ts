import type { Rng } from "../Rng";
import type { SimLoop } from "../SimLoop";
import type { StageSpec } from "../traces/Trace";
import type { Workload } from "../traces/Workload";
import type { GpuWaiter, InstancePool } from "./InstancePool";
import type { Replica } from "./Replica";
import type { SimServiceCounts } from "./ServiceCounts";

/** Per-request times at one stage (NaN until they happen), indexed by request. */
export interface StageTimes {
  readonly arrive: Float64Array;
  readonly start: Float64Array;
  readonly first: Float64Array;
  readonly done: Float64Array;
}

/** Latency samples (ms) by 10-second bucket, attributed to the bucket where the event happens. */
type Buckets = Map<number, number[]>;

/**
 * One simulated service: replicas with a concurrency limit behind a router. A request goes to the
 * serving replica with the fewest requests in progress if one has a free slot, else waits in the
 * router's FIFO queue (as a Ray handle queues, or a load balancer with a request queue) for the first
 * slot to free up anywhere. Scale-out creates replicas that claim a GPU (waiting for an instance to
 * boot when none is free) and load their model; scale-in cancels replicas not yet serving first,
 * then drains the serving ones with the fewest requests, which finish their requests before their
 * GPU is released. Time integrals of the load feed the metric pipeline.
 */
export class ServiceModel {
  readonly replicas: Replica[] = [];
  private readonly queue: number[] = [];
  private queueHead = 0;
  private nextReplicaId = 1;
  desired: number;
  /** Called after every change of the counts (autoscalers and the recorder listen). */
  readonly countListeners: ((counts: SimServiceCounts) => void)[] = [];

  // Time integrals since the start: requests running on serving replicas, queued, serving replicas.
  private lastT: number;
  private runningServing = 0;
  areaRunning = 0;
  areaQueued = 0;
  areaServing = 0;
  private servingCount = 0;
  readonly firstOutputMs: Buckets = new Map();
  readonly latencyMs: Buckets = new Map();

  constructor(
    private readonly loop: SimLoop,
    readonly index: number,
    readonly spec: StageSpec,
    private readonly pool: InstancePool,
    private readonly workload: Workload,
    readonly times: StageTimes,
    private readonly rng: Rng,
    private readonly onDone: (request: number) => void,
    initialReplicas: number,
  ) {
    this.lastT = loop.now();
    this.desired = initialReplicas;
    // Replicas present at t = 0 were started before it: serving, on instances the provisioner pre-warmed.
    for (let k = 0; k < initialReplicas; k++) {
      const r = this.newReplica();
      r.state = "loading";
      this.pool.claim(r.waiter!);
      if (r.instance === null) throw new Error("initial replicas need pre-warmed instances");
      this.becomeServing(r);
    }
  }

  /** Requests waiting in the router's queue. */
  get queued(): number {
    return this.queue.length - this.queueHead;
  }

  /** Requests in progress on serving replicas. */
  get inProgress(): number {
    return this.runningServing;
  }

  counts(): SimServiceCounts {
    let running = 0;
    let pending = 0;
    let draining = 0;
    for (const r of this.replicas) {
      if (r.state === "serving") running++;
      else if (r.state === "waiting" || r.state === "loading") pending++;
      else if (r.state === "draining") draining++;
    }
    return { desired: this.desired, running, pending, draining };
  }

  /** Reconciles the replicas to `desired` (the platform's controller acting on a new desired count). */
  setDesired(desired: number): void {
    this.desired = desired;
    const active = this.replicas.filter((r) => r.state !== "draining" && r.state !== "stopped");
    if (active.length < desired) {
      for (let k = active.length; k < desired; k++) {
        const r = this.newReplica();
        this.pool.claim(r.waiter!);
      }
    } else if (active.length > desired) {
      let excess = active.length - desired;
      const order = (s: Replica["state"]) => (s === "waiting" ? 0 : s === "loading" ? 1 : 2);
      // Cheapest first: replicas with no GPU yet, then loading ones (newest first), then the idlest serving ones.
      const victims = [...active].sort(
        (a, b) => order(a.state) - order(b.state) || a.running - b.running || b.id - a.id,
      );
      for (const r of victims) {
        if (excess-- <= 0) break;
        this.retire(r);
      }
    }
    this.changed();
  }

  /** A request arrives at this stage. */
  arrive(request: number): void {
    this.integrate();
    this.times.arrive[request] = this.loop.now();
    const r = this.pickReplica();
    if (r) this.dispatch(request, r);
    else this.queue.push(request);
  }

  private pickReplica(): Replica | null {
    let best: Replica | null = null;
    for (const r of this.replicas) {
      if (r.state !== "serving" || r.running >= this.spec.maxOngoingRequests) continue;
      if (best === null || r.running < best.running) best = r;
    }
    return best;
  }

  private dispatch(request: number, r: Replica): void {
    const now = this.loop.now();
    r.running++;
    this.runningServing++;
    const prefillS = this.workload.firstOutputS[this.index]![request]!;
    const decodeS = this.workload.serviceS[this.index]![request]!;
    const tokens = this.spec.tokens;
    let first: number;
    let done: number;
    if (tokens) {
      // Prefill is compute-bound: it waits for the replica's earlier prefills; decode batches.
      first = Math.max(now, r.prefillFreeAt) + prefillS;
      r.prefillFreeAt = first;
      done = first + decodeS * (1 + tokens.decodeBatchSlowdown * (r.running - 1));
    } else {
      const slowdown = 1 + this.spec.batchSlowdown * (r.running - 1);
      first = now + prefillS * slowdown;
      done = first + decodeS * slowdown;
    }
    const arrive = this.times.arrive[request]!;
    this.times.start[request] = now;
    this.times.first[request] = first;
    this.times.done[request] = done;
    addSample(this.firstOutputMs, first, (first - arrive) * 1000);
    addSample(this.latencyMs, done, (done - arrive) * 1000);
    this.loop.at(done, () => this.complete(request, r));
  }

  private complete(request: number, r: Replica): void {
    this.integrate();
    r.running--;
    if (r.state === "serving") {
      this.runningServing--;
      const next = this.dequeue();
      if (next !== undefined) this.dispatch(next, r);
    } else if (r.state === "draining" && r.running === 0) {
      this.stop(r);
      this.changed();
    }
    this.onDone(request);
  }

  private dequeue(): number | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const next = this.queue[this.queueHead++];
    // Compact now and then so the array does not grow for the whole run.
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    return next;
  }

  private newReplica(): Replica {
    const r: Replica = {
      id: this.nextReplicaId++,
      state: "waiting",
      running: 0,
      instance: null,
      waiter: null,
      createdAt: this.loop.now(),
      gpuAt: null,
      servingAt: null,
      stoppedAt: null,
      prefillFreeAt: 0,
    };
    const waiter: GpuWaiter = {
      gpus: this.spec.gpusPerReplica,
      cancelled: false,
      granted: (instance) => {
        r.instance = instance;
        r.waiter = null;
        r.gpuAt = this.loop.now();
        if (r.state !== "waiting") return;
        r.state = "loading";
        const load = this.rng.uniform(this.spec.modelLoadS[0], this.spec.modelLoadS[1]);
        this.loop.after(load, () => {
          if (r.state !== "loading") return;
          this.becomeServing(r);
          this.changed();
        });
        this.changed();
      },
    };
    r.waiter = waiter;
    this.replicas.push(r);
    return r;
  }

  private becomeServing(r: Replica): void {
    this.integrate();
    r.state = "serving";
    r.servingAt = this.loop.now();
    this.servingCount++;
    // A new replica takes work from the queue at once, up to its concurrency limit.
    while (r.running < this.spec.maxOngoingRequests) {
      const next = this.dequeue();
      if (next === undefined) break;
      this.dispatch(next, r);
    }
  }

  private retire(r: Replica): void {
    this.integrate();
    if (r.state === "waiting") {
      if (r.waiter) r.waiter.cancelled = true;
      this.stop(r);
    } else if (r.state === "loading") {
      this.stop(r);
    } else if (r.state === "serving") {
      this.servingCount--;
      this.runningServing -= r.running;
      r.state = "draining";
      if (r.running === 0) this.stop(r);
    }
  }

  private stop(r: Replica): void {
    r.state = "stopped";
    r.stoppedAt = this.loop.now();
    const i = this.replicas.indexOf(r);
    if (i >= 0) this.replicas.splice(i, 1);
    if (r.instance) this.pool.release(r.instance, this.spec.gpusPerReplica);
    r.instance = null;
  }

  /** Brings the time integrals up to now; call before any change to the integrated quantities. */
  integrate(): void {
    const now = this.loop.now();
    const dt = now - this.lastT;
    if (dt > 0) {
      this.areaRunning += this.runningServing * dt;
      this.areaQueued += (this.queue.length - this.queueHead) * dt;
      this.areaServing += this.servingCount * dt;
      this.lastT = now;
    }
  }

  private changed(): void {
    const counts = this.counts();
    for (const listener of this.countListeners) listener(counts);
  }
}

function addSample(buckets: Buckets, at: number, valueMs: number): void {
  const key = Math.floor(at / 10);
  const list = buckets.get(key);
  if (list) list.push(valueMs);
  else buckets.set(key, [valueMs]);
}
