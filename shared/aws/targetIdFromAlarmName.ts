import { ALARM_NAME_SEPARATOR, ALARM_SUFFIX_PATTERN } from "./alarmName";

/**
 * The target id in an alarm name made by `alarmName(prefix, targetId, suffix)`: the text between `prefix`
 * and the last `.`; undefined when the name does not have that shape (another prefix, no suffix, an empty
 * target id, a suffix with characters alarmName never writes). Inverse of alarmName for every valid input.
 */
export function targetIdFromAlarmName(name: string, prefix: string): string | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  const dot = rest.lastIndexOf(ALARM_NAME_SEPARATOR);
  if (dot <= 0) return undefined;
  if (!ALARM_SUFFIX_PATTERN.test(rest.slice(dot + 1))) return undefined;
  return rest.slice(0, dot);
}
