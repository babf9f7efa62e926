import type { CapacityScaler, GroupCapacity } from "../engine/ports/CapacityScaler";

/** Auto Scaling groups in memory (simulator, tests). */
export class InMemoryCapacityScaler implements CapacityScaler {
  readonly groups = new Map<string, GroupCapacity>();
  readonly calls: { group: string; desired: number }[] = [];

  async describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>> {
    const out = new Map<string, GroupCapacity>();
    for (const name of groupNames) {
      const g = this.groups.get(name);
      if (g) out.set(name, { ...g });
    }
    return out;
  }

  async setDesired(groupName: string, desired: number): Promise<void> {
    const g = this.groups.get(groupName);
    if (!g) throw new Error(`ValidationError: group ${groupName} not found`);
    if (desired < g.min || desired > g.max)
      throw new Error(`ValidationError: ${desired} outside [${g.min}, ${g.max}]`);
    this.calls.push({ group: groupName, desired });
    this.groups.set(groupName, { ...g, desired });
  }
}
