import type { ServiceCounts, ServiceScaler } from "../engine/ports/ServiceScaler";

/**
 * ECS services in memory; running and pending are set by the caller (the simulator models start-up). Counts
 * are stored frozen and replaced, never changed, so `describe` hands out the stored objects without a copy.
 */
export class InMemoryServiceScaler implements ServiceScaler {
  readonly services = new Map<string, ServiceCounts>();
  /** Every setDesired call, in order. */
  readonly calls: { cluster: string; service: string; desired: number }[] = [];

  set(cluster: string, service: string, counts: ServiceCounts): void {
    this.services.set(`${cluster}/${service}`, Object.freeze({ ...counts }));
  }

  async describe(cluster: string, services: readonly string[]): Promise<Map<string, ServiceCounts>> {
    const out = new Map<string, ServiceCounts>();
    for (const s of services) {
      const counts = this.services.get(`${cluster}/${s}`);
      if (counts) out.set(s, counts);
    }
    return out;
  }

  async setDesired(cluster: string, service: string, desired: number): Promise<void> {
    const key = `${cluster}/${service}`;
    const counts = this.services.get(key);
    if (!counts) throw new Error(`ServiceNotFoundException: ${key}`);
    this.calls.push({ cluster, service, desired });
    this.services.set(key, Object.freeze({ ...counts, desired }));
  }
}
