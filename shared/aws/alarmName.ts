/**
 * Alarm names are `${prefix}${targetId}.${suffix}` where the suffix has no `.`: the target id is then
 * everything between the prefix and the LAST dot, so names stay unambiguous even for target ids that contain
 * dashes or dots. (With `${prefix}${targetId}-${suffix}`, target `t1`'s listing prefix `driftless-t1-`
 * would also match target `t1-x`'s alarms, and a name like `driftless-t1-x-up` could not be split.)
 */
export const ALARM_NAME_SEPARATOR = ".";

/** What a suffix may contain: letters, digits, `_` and `-` (never the separator). */
export const ALARM_SUFFIX_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The name of `targetId`'s alarm `suffix`; throws RangeError for an empty target id or a bad suffix. */
export function alarmName(prefix: string, targetId: string, suffix: string): string {
  if (targetId === "") throw new RangeError("an alarm needs a non-empty target id");
  if (!ALARM_SUFFIX_PATTERN.test(suffix)) {
    throw new RangeError(
      `alarm suffix "${suffix}" must match ${ALARM_SUFFIX_PATTERN} (no "${ALARM_NAME_SEPARATOR}")`,
    );
  }
  return `${alarmNamePrefix(prefix, targetId)}${suffix}`;
}

/**
 * The DescribeAlarms AlarmNamePrefix for `targetId`'s alarms. It also matches alarms of targets whose id
 * starts with `${targetId}.`; filter the listing with targetIdFromAlarmName.
 */
export function alarmNamePrefix(prefix: string, targetId: string): string {
  return `${prefix}${targetId}${ALARM_NAME_SEPARATOR}`;
}
