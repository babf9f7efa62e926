/**
 * The demo's model of the inference fleet behind the emulator: the emulator's ECS starts tasks at
 * once, so cold starts are modelled here. A replica serves `capacity` concurrent requests once its
 * model has loaded (`coldStartS` after ECS asked for it); requests beyond the ready capacity queue,
 * and the queue drains at the spare capacity. Ongoing requests = in service + queued, as Ray counts them.
 */
export class DemoFleetModel {
  private readyAt: number[] = [];
  private queue = 0;

  constructor(
    private readonly capacity: number,
    private readonly coldStartS: number,
  ) {}

  /** Replicas already serving when the demo starts. */
  seed(replicas: number, now: number): void {
    this.readyAt = Array.from({ length: replicas }, () => now - this.coldStartS);
  }

  /** Follows ECS's desired count: new replicas start loading now; removed ones stop at once. */
  follow(desired: number, now: number): void {
    while (this.readyAt.length < desired) this.readyAt.push(now + this.coldStartS);
    if (this.readyAt.length > desired) this.readyAt = this.readyAt.slice(0, desired);
  }

  ready(now: number): number {
    return this.readyAt.filter((t) => t <= now).length;
  }

  starting(now: number): number {
    return this.readyAt.length - this.ready(now);
  }

  /** Advances `dtS` seconds at offered load `load`; returns the total ongoing requests. */
  step(load: number, dtS: number, now: number): number {
    const serving = this.ready(now) * this.capacity;
    this.queue = Math.max(0, this.queue + (load - serving) * dtS * 0.5);
    return Math.min(load, serving) + this.queue;
  }
}
