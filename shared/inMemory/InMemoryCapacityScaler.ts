import type { CapacityScaler, GroupCapacity, HostedTasks } from "../engine/ports/CapacityScaler";

/** Auto Scaling groups in memory (simulator, tests), with the tasks each ECS cluster's instances host. */
export class InMemoryCapacityScaler implements CapacityScaler {
  readonly groups = new Map<string, GroupCapacity>();
  /** Cluster -> EC2 instance id -> its tasks (a cluster not here hosts none). */
  readonly hosted = new Map<string, Map<string, HostedTasks>>();
  /** A cluster whose container-instance read fails, with the error it throws. */
  readonly hostedFailures = new Map<string, Error>();
  readonly calls: { group: string; desired: number }[] = [];
  readonly protectionCalls: { group: string; instanceIds: readonly string[]; protect: boolean }[] = [];

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

  async hostedTasks(cluster: string): Promise<Map<string, HostedTasks>> {
    const failure = this.hostedFailures.get(cluster);
    if (failure) throw failure;
    return new Map(this.hosted.get(cluster) ?? []);
  }

  async setScaleInProtection(args: {
    readonly groupName: string;
    readonly instanceIds: readonly string[];
    readonly protect: boolean;
  }): Promise<void> {
    const g = this.groups.get(args.groupName);
    if (!g) throw new Error(`ValidationError: group ${args.groupName} not found`);
    if (args.instanceIds.length === 0) return;
    const ids = new Set(args.instanceIds);
    const members = g.instances ?? [];
    for (const id of ids)
      if (!members.some((m) => m.instanceId === id))
        throw new Error(`ValidationError: instance ${id} is not part of group ${args.groupName}`);
    this.protectionCalls.push({
      group: args.groupName,
      instanceIds: [...args.instanceIds],
      protect: args.protect,
    });
    const instances = members.map((m) =>
      ids.has(m.instanceId) ? { ...m, protectedFromScaleIn: args.protect } : m,
    );
    this.groups.set(args.groupName, { ...g, instances });
  }
}
