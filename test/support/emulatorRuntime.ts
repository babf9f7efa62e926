import { ManualClock } from "../../shared/inMemory/ManualClock";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { buildRuntime, type Runtime } from "../../shared/runtime/buildRuntime";
import { type AwsTestClients, createAwsClients } from "./awsClients";
import { resetEmulator } from "./resetEmulator";

/** What an emulator test's rounds run on: its own AWS clients, the runtime, its clock and where it started. */
export interface EmulatorRuntime {
  readonly aws: AwsTestClients;
  readonly runtime: Runtime;
  readonly clock: ManualClock;
  readonly t0: number;
}

/**
 * A fresh emulator and a runtime on it, as an emulator test's `beforeEach` needs: the emulator reset,
 * clients for the test's own calls (the caller destroys them), a manual clock at `t0`, a minute boundary
 * `secondsBack` (default 120) before now so that datapoints stay within CloudWatch's accepted range, the
 * runtime built from the environment on that clock with its logger silent, and its tables created.
 */
export async function startEmulatorRuntime(
  options: { readonly secondsBack?: number } = {},
): Promise<EmulatorRuntime> {
  await resetEmulator();
  const aws = createAwsClients();
  const t0 = Math.floor(Date.now() / 60_000) * 60 - (options.secondsBack ?? 120);
  const clock = new ManualClock(t0);
  const runtime = buildRuntime(process.env, { clock });
  runtime.logger.setLogLevel("SILENT");
  await bootstrapTables(runtime.dynamo, runtime.config.tables);
  return { aws, runtime, clock, t0 };
}
