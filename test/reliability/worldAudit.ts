/**
 * Watches every scaling call an evaluation makes against what the world (ECS, Auto Scaling) held just
 * before and just after it, one call per resource at a time: a call that changed the world is an action; a
 * call that asked for the count the world already had is a double action (the engine only ever calls what
 * differs, so such a call means an action was applied again); a call that failed and left the world as it
 * was is neither. Wrong-direction calls are the ones the test's `judge` rejects (e.g. any scale-down while
 * the load asks for more).
 */
import type { CapacityScaler } from "../../shared/engine/ports/CapacityScaler";
import type { Clock } from "../../shared/engine/ports/Clock";
import type { ServiceScaler } from "../../shared/engine/ports/ServiceScaler";

export interface ScalingCall {
  readonly kind: "ecs" | "asg";
  /** `cluster/service` or the group name. */
  readonly resource: string;
  readonly before: number | undefined;
  readonly requested: number;
  readonly after: number | undefined;
  /** Whether the caller heard success. */
  readonly ok: boolean;
  readonly at: number;
}

/** Says why a call moves the world the wrong way, or undefined when it does not. */
export type Judge = (call: ScalingCall) => string | undefined;

export class WorldAudit {
  readonly calls: ScalingCall[] = [];
  /** Each wrong-direction call with why. */
  readonly wrong: { call: ScalingCall; why: string }[] = [];
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    public judge: Judge = () => undefined,
  ) {}

  /** Scaling calls that changed the world. */
  get actions(): number {
    return this.calls.filter((c) => changed(c)).length;
  }

  /** Scaling calls that asked for what the world already had. */
  get doubleActions(): number {
    return this.calls.filter((c) => c.before === c.requested).length;
  }

  get wrongDirection(): number {
    return this.wrong.length;
  }

  /** The calls that changed `resource`, oldest first. */
  changes(resource: string): ScalingCall[] {
    return this.calls.filter((c) => c.resource === resource && changed(c));
  }

  /** Runs `call` on `resource` after the calls already queued on it, recording before and after. */
  async observe(
    kind: ScalingCall["kind"],
    resource: string,
    requested: number,
    probe: () => Promise<number | undefined>,
    call: () => Promise<void>,
  ): Promise<void> {
    const previous = this.queues.get(resource) ?? Promise.resolve();
    const turn = previous.then(async () => {
      const before = await probe();
      let ok = true;
      let failure: unknown;
      try {
        await call();
      } catch (error) {
        ok = false;
        failure = error;
      }
      const after = await probe();
      const entry: ScalingCall = { kind, resource, before, requested, after, ok, at: this.clock.now() };
      this.calls.push(entry);
      const why = this.judge(entry);
      if (why !== undefined && changed(entry)) this.wrong.push({ call: entry, why });
      if (!ok) throw failure;
    });
    this.queues.set(
      resource,
      turn.catch(() => {}),
    );
    await turn;
  }
}

function changed(c: ScalingCall): boolean {
  return c.before !== c.requested && c.after === c.requested;
}

/** `inner` with every setDesired observed by `audit`; `probe` reads the service's desired count from the world. */
export function auditedServices(
  inner: ServiceScaler,
  audit: WorldAudit,
  probe: (cluster: string, service: string) => Promise<number | undefined>,
): ServiceScaler {
  return {
    describe: (cluster, services) => inner.describe(cluster, services),
    setDesired: (cluster, service, desired) =>
      audit.observe(
        "ecs",
        `${cluster}/${service}`,
        desired,
        () => probe(cluster, service),
        () => inner.setDesired(cluster, service, desired),
      ),
  };
}

/** `inner` with every setDesired observed by `audit`; `probe` reads the group's desired capacity. */
export function auditedCapacity(
  inner: CapacityScaler,
  audit: WorldAudit,
  probe: (group: string) => Promise<number | undefined>,
): CapacityScaler {
  return {
    describe: (groups) => inner.describe(groups),
    hostedTasks: (cluster) => inner.hostedTasks(cluster),
    setScaleInProtection: (args) => inner.setScaleInProtection(args),
    setDesired: (group, desired) =>
      audit.observe(
        "asg",
        group,
        desired,
        () => probe(group),
        () => inner.setDesired(group, desired),
      ),
  };
}

/**
 * A judge for a target whose load asks for `goal` from `start`: every change must move from the count it
 * found toward `goal` and stop there (no step the other way, no step past it).
 */
export function towards(resource: string, goal: number): Judge {
  return (c) => {
    if (c.resource !== resource || c.before === undefined) return undefined;
    const from = c.before;
    const to = c.requested;
    if (from < goal && (to < from || to > goal))
      return `${resource}: ${from} -> ${to} while the load asks for ${goal}`;
    if (from > goal && (to > from || to < goal))
      return `${resource}: ${from} -> ${to} while the load asks for ${goal}`;
    if (from === goal && to !== goal) return `${resource}: ${from} -> ${to} away from ${goal}`;
    return undefined;
  };
}

/** Combines judges: the first that objects wins. */
export function judges(...list: readonly Judge[]): Judge {
  return (c) => {
    for (const judge of list) {
      const why = judge(c);
      if (why !== undefined) return why;
    }
    return undefined;
  };
}
