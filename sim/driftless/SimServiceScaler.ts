import type { ServiceCounts, ServiceScaler } from "../../shared/engine/ports/ServiceScaler";
import type { InMemoryServiceScaler } from "../../shared/inMemory/InMemoryServiceScaler";
import type { World } from "../model/World";
import type { ControlPlaneMeter } from "./ControlPlaneMeter";

/** Seconds from UpdateService until the ECS service scheduler starts or stops tasks. */
export const ECS_ACTUATION_S = 2;

/**
 * ECS as the engine sees it: the in-memory ServiceScaler, whose running and pending counts the
 * simulator keeps equal to the simulated replicas (running: serving; pending: waiting for a GPU or
 * loading the model), and whose UpdateService sets the simulated service's desired count.
 */
export class SimServiceScaler implements ServiceScaler {
  constructor(
    private readonly inner: InMemoryServiceScaler,
    private readonly world: World,
    private readonly stageOf: ReadonlyMap<string, number>,
    private readonly meter: ControlPlaneMeter,
  ) {}

  // Not async: it hands on the in-memory scaler's promise rather than waiting on it in a second one.
  describe(cluster: string, services: readonly string[]): Promise<Map<string, ServiceCounts>> {
    // DescribeServices takes up to 10 services a call.
    this.meter.call("ECS:DescribeServices", Math.ceil(services.length / 10));
    return this.inner.describe(cluster, services);
  }

  async setDesired(cluster: string, service: string, desired: number): Promise<void> {
    this.meter.call("ECS:UpdateService");
    await this.inner.setDesired(cluster, service, desired);
    const stage = this.stageOf.get(service);
    if (stage !== undefined) this.world.setDesired(stage, desired, null, ECS_ACTUATION_S);
  }
}
