import { buildRuntime, type Runtime } from "../../shared/runtime/buildRuntime";
import { handlePolicySync } from "./handlePolicySync";

let runtime: Runtime | undefined;

/** Lambda entry point of the policy-sync function (the policies table's DynamoDB stream). */
export const handler = async (event: unknown) => {
  runtime ??= buildRuntime(process.env, { serviceName: "driftless-policy-sync" });
  const { batchItemFailures } = await handlePolicySync(runtime, event);
  return { batchItemFailures };
};
