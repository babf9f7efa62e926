/**
 * Integration-project setupFile: puts the emulator endpoint, region and credentials that `emulator.ts`
 * provided into this worker's `process.env`, where the SDK (and code under test) reads them, and records
 * every call a driftless function makes for the IAM call proof (emulatorCallRecorder.ts).
 */
import { afterAll, afterEach, expect, inject } from "vitest";
import { flushRecordedCalls, recordAwsCalls } from "./emulatorCallRecorder";

for (const [name, value] of Object.entries(inject("awsEnv"))) process.env[name] = value;

const callLog = inject("awsCallLog");
if (callLog) {
  recordAwsCalls({
    file: callLog,
    endpoint: inject("awsEndpointUrl"),
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
