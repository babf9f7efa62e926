import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import type { AlarmSpec } from "../alarms/AlarmSpec";
import type { AlarmManager, AlarmSyncResult } from "../engine/ports/AlarmManager";
import { alarmName, alarmNamePrefix } from "./alarmName";
import { buildPutMetricAlarmInput } from "./buildPutMetricAlarmInput";
import { callAws } from "./callAws";
import { chunk } from "./chunk";
import { planAlarmSync } from "./planAlarmSync";
import { targetIdFromAlarmName } from "./targetIdFromAlarmName";

/** CloudWatch's limit of names per DeleteAlarms call. */
const DELETE_ALARMS_MAX = 100;

/**
 * Keeps each target's CloudWatch alarms (named `${prefix}${targetId}.${suffix}`, see alarmName) equal to the
 * AlarmSpecs the policy-sync function derives from its policy. Only alarms under this manager's prefix whose
 * name parses back to the target are ever touched.
 */
export class CloudWatchAlarmManager implements AlarmManager {
  private readonly client: CloudWatchClient;
  private readonly prefix: string;

  /** `prefix` is RuntimeConfig.alarmPrefix (the EventBridge rule matches alarm names on it). */
  constructor(client: CloudWatchClient, prefix: string) {
    this.client = client;
    this.prefix = prefix;
  }

  /**
   * Makes `targetId`'s alarms exactly `alarms`: writes (PutMetricAlarm, one by one) the missing or changed
   * ones first, then deletes the target's others, so the target is never left without its wanted alarms.
   * Throws RangeError before any call for a bad or repeated suffix.
   */
  async syncAlarms(targetId: string, alarms: readonly AlarmSpec[]): Promise<AlarmSyncResult> {
    const wanted = alarms.map((spec) => buildPutMetricAlarmInput(this.prefix, targetId, spec));
    const names = new Set(wanted.map((input) => input.AlarmName));
    if (names.size !== wanted.length) {
      throw new RangeError(
        `alarm suffixes of target ${targetId} must be unique: ${alarms.map((a) => a.suffix).join(", ")}`,
      );
    }
    const plan = planAlarmSync(await this.listAlarms(targetId), wanted);
    for (const input of plan.put) {
      await callAws({ service: "CloudWatch", operation: "PutMetricAlarm" }, () =>
        this.client.send(new PutMetricAlarmCommand(input)),
      );
    }
    await this.delete(plan.remove);
    return {
      put: plan.put.map((input) => input.AlarmName ?? ""),
      deleted: plan.remove,
      unchanged: plan.unchanged,
    };
  }

  /** Deletes every alarm of `targetId` under this prefix; returns their names. */
  async deleteAlarms(targetId: string): Promise<string[]> {
    const names = (await this.listAlarms(targetId)).map((alarm) => alarm.AlarmName ?? "");
    await this.delete(names);
    return names;
  }

  /** The name of `targetId`'s alarm `suffix` under this prefix. */
  alarmName(targetId: string, suffix: string): string {
    return alarmName(this.prefix, targetId, suffix);
  }

  /** The target an alarm name under this prefix belongs to, or undefined (see targetIdFromAlarmName). */
  targetIdFromAlarmName(name: string): string | undefined {
    return targetIdFromAlarmName(name, this.prefix);
  }

  /** The target's metric alarms: DescribeAlarms by name prefix, all pages, then exact-target filtering. */
  private async listAlarms(targetId: string): Promise<MetricAlarm[]> {
    const alarms: MetricAlarm[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws({ service: "CloudWatch", operation: "DescribeAlarms" }, () =>
        this.client.send(
          new DescribeAlarmsCommand({
            AlarmNamePrefix: alarmNamePrefix(this.prefix, targetId),
            AlarmTypes: ["MetricAlarm"],
            MaxRecords: 100,
            NextToken: nextToken,
          }),
        ),
      );
      for (const alarm of page.MetricAlarms ?? []) {
        // The name prefix also matches the alarms of target `${targetId}.x`: keep only this target's.
        if (alarm.AlarmName !== undefined && this.targetIdFromAlarmName(alarm.AlarmName) === targetId)
          alarms.push(alarm);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return alarms;
  }

  private async delete(names: readonly string[]): Promise<void> {
    for (const batch of chunk(names, DELETE_ALARMS_MAX)) {
      await callAws({ service: "CloudWatch", operation: "DeleteAlarms" }, () =>
        this.client.send(new DeleteAlarmsCommand({ AlarmNames: batch })),
      );
    }
  }
}
