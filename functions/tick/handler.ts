import { buildRuntime, type Runtime } from "../../shared/runtime/buildRuntime";
import type { LambdaContext } from "../LambdaContext";
import { handleTick } from "./handleTick";

let runtime: Runtime | undefined;

/** Lambda entry point of the tick function (EventBridge schedule, every minute). */
export const handler = async (event: unknown, context: LambdaContext) => {
  runtime ??= buildRuntime(process.env, { serviceName: "driftless-tick" });
  return handleTick(runtime, event, context);
};
