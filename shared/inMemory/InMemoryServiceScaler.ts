import type { ServiceCounts, ServiceScaler } from "../engine/ports/ServiceScaler";

/**
 * ECS services in memory; running and pending are set by the caller (the simulator models start-up). Counts
 * are stored frozen and replaced, never changed, so `describe` hands out the stored objects without a copy.
 */
export class InMemoryServiceScaler implements ServiceScaler {
  readonly services = new Map<string, ServiceCounts>();
  /** Every setDesired call, in order. */
  readonly calls: { cluster: string; service: string; desired: number }[] = [];
  /**
   * Each `cluster/service` key of `services`, built once: a round describes the same services every time,
   * and building and hashing a fresh key string was most of the cost of a describe.
   */
  private readonly keys = new Map<string, Map<string, string>>();

  set(cluster: string, service: string, counts: ServiceCounts): void {
    this.services.set(this.keyOf(cluster, service), Object.freeze({ ...counts }));
  }

  async describe(cluster: string, services: readonly string[]): Promise<Map<string, ServiceCounts>> {
    const out = new Map<string, ServiceCounts>();
    for (const s of services) {
      const counts = this.services.get(this.keyOf(cluster, s));
      if (counts) out.set(s, counts);
    }
    return out;
  }

  async setDesired(cluster: string, service: string, desired: number): Promise<void> {
    const key = this.keyOf(cluster, service);
    const counts = this.services.get(key);
    if (!counts) throw new Error(`ServiceNotFoundException: ${key}`);
    this.calls.push({ cluster, service, desired });
    this.services.set(key, Object.freeze({ ...counts, desired }));
  }

  private keyOf(cluster: string, service: string): string {
    let byService = this.keys.get(cluster);
    if (byService === undefined) {
      byService = new Map();
      this.keys.set(cluster, byService);
    }
    let key = byService.get(service);
    if (key === undefined) {
      key = `${cluster}/${service}`;
      byService.set(service, key);
    }
    return key;
  }
}
