/**
 * Integration-project setupFile: puts this worker's emulator endpoint (workerEndpoint.ts), the region and
 * the credentials that `emulator.ts` provided into this worker's `process.env`, where the SDK (and code
 * under test) reads them, and records every call a driftless function makes for the IAM call proof
 * (emulatorCallRecorder.ts).
 */
import { afterAll, afterEach, expect, inject } from "vitest";
import { flushRecordedCalls, recordAwsCalls } from "./emulatorCallRecorder";
import { workerEndpoint } from "./workerEndpoint";

for (const [name, value] of Object.entries(inject("awsEnv"))) process.env[name] = value;
const endpoint = workerEndpoint(inject("awsEndpoints"), process.env.VITEST_POOL_ID);
process.env.AWS_ENDPOINT_URL = endpoint;

const callLog = inject("awsCallLog");
if (callLog) {
  recordAwsCalls({
    file: callLog,
    endpoint,
    currentTest: () => {
      const state = expect.getState();
      const file = state.testPath?.replace(/^.*?\/test\//, "test/");
      return file === undefined ? undefined : `${file} > ${state.currentTestName ?? ""}`;
    },
  });
  // After each test's own hooks and before the next test resets the emulator: the tags are still there.
  afterEach(flushRecordedCalls);
  afterAll(flushRecordedCalls);
}
