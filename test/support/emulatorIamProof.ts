/**
 * The integration suite's IAM call proof, run by the globalSetup teardown (emulator.ts): reads the calls
 * the workers recorded (emulatorCallRecorder.ts), synthesizes the driftless stack as `cdk synth` does
 * (cdk.json's context), and fails the run (exit code 1, every denial printed) when the template would deny
 * a call a function made. `DRIFTLESS_IAM_PROOF_WITHOUT=ListAlarms,dynamodb:BatchWriteItem` removes those
 * statements (by Sid) and actions from the template first: how to see the proof fail on a missing
 * permission. `DRIFTLESS_IAM_PROOF_VERBOSE=1` lists
 * every function, action and resource proven allowed.
 */
import { existsSync, readFileSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import { buildUnbundledApp } from "../infra/support/synthesizeApp";
import {
  formatDenials,
  type ProofResult,
  proveCalls,
  type RecordedCall,
  withoutGrants,
} from "../reliability/iamCallProof";

type TemplateJson = Parameters<typeof proveCalls>[1];

/** Runs the proof over the calls in `file`; prints its summary and returns it (undefined: no calls). */
export function proveRecordedCalls(file: string): ProofResult | undefined {
  if (!existsSync(file)) return undefined;
  const calls = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedCall);
  if (calls.length === 0) return undefined;
  const without = (process.env.DRIFTLESS_IAM_PROOF_WITHOUT ?? "").split(",").filter((s) => s !== "");
  const template = withoutGrants(
    Template.fromStack(buildUnbundledApp().driftless).toJSON() as TemplateJson,
    without,
  );
  const result = proveCalls(calls, template);
  const checked = Object.entries(result.checkedByFunction)
    .map(([fn, n]) => `${fn} ${n}`)
    .join(", ");
  const removed = without.length > 0 ? ` (statements removed: ${without.join(", ")})` : "";
  if (result.denials.length === 0) {
    console.log(
      `IAM call proof: every call a function made is allowed by its role${removed}: ${checked}; ` +
        `${result.allowed.length} distinct action/resource pairs; ${result.notChecked} calls by tests, the CLI or the demo not checked.`,
    );
    if (process.env.DRIFTLESS_IAM_PROOF_VERBOSE) {
      console.log(`proven allowed:\n${result.allowed.join("\n")}`);
      const unchecked = Object.entries(result.notCheckedByCall).map(([call, n]) => `${call} ${n}`);
      console.log(`not checked (no function made them):\n${unchecked.sort().join("\n")}`);
    }
  } else {
    console.error(
      `IAM call proof FAILED${removed}: the synthesized template would deny ${result.denials.length} ` +
        `distinct requests a function made:\n${formatDenials(result.denials)}`,
    );
  }
  return result;
}
