import { targetIdFromAlarmName } from "../../shared/aws/targetIdFromAlarmName";
import { runAlarmEvaluation } from "../../shared/engine/runAlarmEvaluation";
import { invocationDeadline } from "../../shared/engine/tickWindow";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { LambdaContext } from "../LambdaContext";
import { parseAlarmEvent } from "./parseAlarmEvent";

export interface AlarmResult {
  readonly ok: boolean;
  readonly targetId: string | null;
  readonly rounds: number;
  readonly actions: number;
  readonly note: string;
}

/**
 * The alarm function: on a driftless alarm entering ALARM, evaluates its target at once and, while
 * a delay of it falls due within the invocation's budget, waits for that deadline and evaluates
 * again. Other states and foreign alarms are acknowledged and ignored; malformed events are logged.
 */
export async function handleAlarm(
  runtime: Runtime,
  event: unknown,
  context: LambdaContext,
): Promise<AlarmResult> {
  const parsed = parseAlarmEvent(event);
  if (!parsed.ok) {
    runtime.logger.error("alarm event refused", { problems: parsed.problems });
    return { ok: false, targetId: null, rounds: 0, actions: 0, note: "malformed event" };
  }
  const { alarmName, state } = parsed.request;
  const targetId = targetIdFromAlarmName(alarmName, runtime.config.alarmPrefix);
  if (!targetId) {
    runtime.logger.warn("alarm is not one of driftless's; ignored", { alarmName });
    return { ok: true, targetId: null, rounds: 0, actions: 0, note: "not a driftless alarm" };
  }
  if (state !== "ALARM")
    return { ok: true, targetId, rounds: 0, actions: 0, note: `state ${state}: nothing to do` };
  const until = invocationDeadline({
    now: runtime.deps.clock.now(),
    remainingS: context.getRemainingTimeInMillis() / 1000,
  });
  const reports = await runAlarmEvaluation(runtime.deps, { targetIds: [targetId], until });
  for (const report of reports) runtime.observer.round("alarm", report);
  return {
    ok: true,
    targetId,
    rounds: reports.length,
    actions: reports.reduce((n, r) => n + r.actions, 0),
    note: `evaluated after ${alarmName}`,
  };
}
