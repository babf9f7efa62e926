import { buildRuntime, type Runtime } from "../../shared/runtime/buildRuntime";
import type { LambdaContext } from "../LambdaContext";
import { handleAlarm } from "./handleAlarm";

let runtime: Runtime | undefined;

/** Lambda entry point of the alarm function (EventBridge "CloudWatch Alarm State Change"). */
export const handler = async (event: unknown, context: LambdaContext) => {
  runtime ??= buildRuntime(process.env, { serviceName: "driftless-alarm" });
  return handleAlarm(runtime, event, context);
};
