/**
 * The integration suite's IAM call proof, run by the globalSetup teardown (emulator.ts): reads the calls
 * the workers recorded (emulatorCallRecorder.ts) and evaluates them against the driftless stack
 * synthesized twice, as `cdk synth` does with cdk.json's context (services and groups by tag) and with the
 * clusters and groups the calls named as `driftless:clusterNames` / `driftless:autoScalingGroupNames`. A
 * call either template would deny fails the run (exit code 1, every denial printed).
 *
 * `DRIFTLESS_IAM_PROOF_WITHOUT=ListAlarms,dynamodb:BatchWriteItem` removes those statements (by Sid) and
 * actions from the templates first: how to see the proof fail on a missing permission.
 * `DRIFTLESS_IAM_PROOF_VERBOSE=1` lists every function, action and resource proven allowed, and the
 * calls not checked.
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

/** Runs the proof over the calls in `file`; prints its summary and returns the results (none: no calls). */
export function proveRecordedCalls(file: string): ProofResult[] {
  if (!existsSync(file)) return [];
  const calls = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedCall);
  if (calls.length === 0) return [];
  const without = (process.env.DRIFTLESS_IAM_PROOF_WITHOUT ?? "").split(",").filter((s) => s !== "");
  const synth = (context: Record<string, unknown>) =>
    withoutGrants(Template.fromStack(buildUnbundledApp(context).driftless).toJSON() as TemplateJson, without);
  const modes: [string, Record<string, unknown>][] = [
    ["by tag (cdk.json)", {}],
    ["named clusters and groups", namedScope(calls)],
  ];
  return modes.map(([mode, context]) =>
    report(`${mode}${removedNote(without)}`, proveCalls(calls, synth(context))),
  );
}

/** The context that names every cluster and group the calls touched. */
function namedScope(calls: readonly RecordedCall[]): Record<string, unknown> {
  const clusters = new Set<string>();
  const groups = new Set<string>();
  for (const call of calls) {
    for (const { tagged } of call.requests) {
      if (tagged?.kind === "ecs-service") clusters.add(tagged.cluster);
      if (tagged?.kind === "auto-scaling-group") groups.add(tagged.name);
    }
  }
  return {
    "driftless:clusterNames": [...clusters].sort(),
    "driftless:autoScalingGroupNames": [...groups].sort(),
  };
}

function removedNote(without: readonly string[]): string {
  return without.length > 0 ? `, statements removed: ${without.join(", ")}` : "";
}

function report(mode: string, result: ProofResult): ProofResult {
  const checked = Object.entries(result.checkedByFunction)
    .map(([fn, n]) => `${fn} ${n}`)
    .join(", ");
  if (result.denials.length === 0) {
    console.log(
      `IAM call proof (${mode}): every call a function made is allowed by its role: ${checked}; ` +
        `${result.allowed.length} distinct action/resource pairs; ${result.notChecked} calls by tests, the CLI or the demo not checked; ` +
        `${result.tagsUnknown} requests on a resource that was not there not checked.`,
    );
    if (process.env.DRIFTLESS_IAM_PROOF_VERBOSE) {
      console.log(`proven allowed:\n${result.allowed.join("\n")}`);
      const unchecked = Object.entries(result.notCheckedByCall).map(([call, n]) => `${call} ${n}`);
      console.log(`not checked (no function made them):\n${unchecked.sort().join("\n")}`);
    }
  } else {
    console.error(
      `IAM call proof FAILED (${mode}): the synthesized template would deny ${result.denials.length} ` +
        `distinct requests a function made:\n${formatDenials(result.denials)}`,
    );
  }
  return result;
}
