import type { AlarmSpec } from "../../shared/alarms/AlarmSpec";
import type { AlarmManager, AlarmSyncResult } from "../../shared/engine/ports/AlarmManager";

const NO_ALARMS: readonly AlarmSpec[] = Object.freeze([]);

/**
 * The simulator's AlarmManager: keeps each target's AlarmSpecs, as policy-sync would have them created in
 * CloudWatch, for the simulated CloudWatch to evaluate (evaluateAlarmSpec). Alarm names are
 * `${targetId}.${suffix}`; writes take effect at once.
 */
export class SimAlarmManager implements AlarmManager {
  private readonly byTarget = new Map<string, readonly AlarmSpec[]>();

  /** Stores `alarms` as `targetId`'s alarms (synchronously; the promise is already settled). */
  syncAlarms(targetId: string, alarms: readonly AlarmSpec[]): Promise<AlarmSyncResult> {
    const suffixes = alarms.map((a) => a.suffix);
    if (new Set(suffixes).size !== suffixes.length)
      return Promise.reject(
        new RangeError(`alarm suffixes of target ${targetId} must be unique: ${suffixes.join(", ")}`),
      );
    const before = new Map((this.byTarget.get(targetId) ?? []).map((a) => [a.suffix, a]));
    const name = (suffix: string) => `${targetId}.${suffix}`;
    const unchanged = alarms.filter((a) => JSON.stringify(before.get(a.suffix)) === JSON.stringify(a));
    const put = alarms.filter((a) => !unchanged.includes(a));
    const deleted = [...before.keys()].filter((suffix) => !suffixes.includes(suffix));
    this.byTarget.set(targetId, [...alarms]);
    return Promise.resolve({
      put: put.map((a) => name(a.suffix)),
      deleted: deleted.map(name),
      unchanged: unchanged.map((a) => name(a.suffix)),
    });
  }

  deleteAlarms(targetId: string): Promise<string[]> {
    const names = (this.byTarget.get(targetId) ?? []).map((a) => `${targetId}.${a.suffix}`);
    this.byTarget.delete(targetId);
    return Promise.resolve(names);
  }

  /** The alarms `targetId` has now. */
  specsOf(targetId: string): readonly AlarmSpec[] {
    return this.byTarget.get(targetId) ?? NO_ALARMS;
  }

  /** Every stored alarm. */
  all(): readonly AlarmSpec[] {
    return [...this.byTarget.values()].flat();
  }
}
