import { z } from "zod";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { zodProblems } from "../../shared/errors/zodProblems";

const AlarmEventSchema = z
  .object({
    source: z.literal("aws.cloudwatch"),
    "detail-type": z.literal("CloudWatch Alarm State Change"),
    detail: z
      .object({
        alarmName: z.string().min(1).max(255),
        state: z.object({ value: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]) }).passthrough(),
      })
      .passthrough(),
  })
  .passthrough();

export interface AlarmRequest {
  readonly alarmName: string;
  readonly state: "OK" | "ALARM" | "INSUFFICIENT_DATA";
}

/** Reads a "CloudWatch Alarm State Change" event. Never throws. */
export function parseAlarmEvent(
  event: unknown,
): { ok: true; request: AlarmRequest } | { ok: false; problems: ValidationProblem[] } {
  const parsed = AlarmEventSchema.safeParse(event);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  return {
    ok: true,
    request: { alarmName: parsed.data.detail.alarmName, state: parsed.data.detail.state.value },
  };
}
