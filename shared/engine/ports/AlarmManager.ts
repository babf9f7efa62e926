import type { AlarmSpec } from "../../alarms/AlarmSpec";

/** What syncAlarms did, by alarm name. */
export interface AlarmSyncResult {
  readonly put: string[];
  readonly deleted: string[];
  readonly unchanged: string[];
}

/**
 * Keeps each target's alarms equal to the AlarmSpecs derived from its policy (alarmSpecsFor). CloudWatch in
 * the functions (CloudWatchAlarmManager); the simulator's store, whose specs its simulated CloudWatch
 * evaluates, in the simulator.
 */
export interface AlarmManager {
  /**
   * Makes `targetId`'s alarms exactly `alarms` (writing the wanted ones before deleting the others).
   * Throws RangeError, before changing anything, for a bad or repeated suffix.
   */
  syncAlarms(targetId: string, alarms: readonly AlarmSpec[]): Promise<AlarmSyncResult>;
  /** Deletes every alarm of `targetId`; returns their names. */
  deleteAlarms(targetId: string): Promise<string[]>;
}
