import { userInfo } from "node:os";
import type { Command } from "commander";
import { fromPolicyItem } from "../../shared/aws/fromPolicyItem";
import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import { targetIdProblem } from "../../shared/engine/targetIdProblem";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { PolicyValidationError } from "../../shared/errors/PolicyValidationError";
import { StateConflictError } from "../../shared/errors/StateConflictError";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import type { Paused } from "../../shared/policy/PolicySchema";
import { parseStoredPolicy } from "../../shared/policy/parseStoredPolicy";
import type { CliContext } from "../CliContext";
import { confirm } from "../confirm";
import { fillInProblems } from "../fillInProblems";
import { diffJson, formatChanges } from "../format/diffJson";
import { formatTable } from "../format/formatTable";
import { pauseKind, policyHealth } from "../format/policyHealth";
import { integerOption } from "../optionParsers";
import { ownershipProblems } from "../ownershipProblems";
import { readJsonFile } from "../readJsonFile";
import { describeSync, syncHere, syncPolicyHere } from "../syncPolicyHere";
import { registerImportRayCommand } from "./importRayCommand";

const SYNC_HELP =
  "run policy-sync here (status and alarms at once); the default when AWS_ENDPOINT_URL is a loopback emulator, which has no stream";

/** Registers `driftless policy list|get|put|validate|diff|pause|resume|delete|import-ray`. */
export function registerPolicyCommand(program: Command, context: () => CliContext): void {
  const policy = program.command("policy").description("read and edit scaling policies (the policies table)");

  policy
    .command("list")
    .description(
      "every policy with its version, validity (as status shows it), pause kind and shadow mode, last edit and what the runtime runs",
    )
    .action(async () => {
      const ctx = context();
      const records = await ctx.policies.list();
      const states = await ctx.states.getMany(records.map((r) => r.targetId));
      const rows = records
        .sort((a, b) => a.targetId.localeCompare(b.targetId))
        .map((r) => {
          const health = policyHealth(r, states.get(r.targetId));
          return [
            r.targetId,
            `v${r.version}`,
            health.valid ? "valid" : "INVALID",
            [pauseKind(health.holds), health.holds.shadow ? "shadow" : ""].filter((w) => w !== "").join(", "),
            r.updatedBy,
            r.updatedAt,
            health.runtime,
          ];
        });
      ctx.out(
        formatTable(["TARGET", "VERSION", "VALIDITY", "HOLD", "UPDATED BY", "UPDATED AT", "RUNTIME"], rows),
      );
    });

  policy
    .command("get <target>")
    .description("print a policy item as stored")
    .action(async (targetId: string) => {
      const ctx = context();
      const record = await requirePolicy(ctx, targetId);
      ctx.out(
        JSON.stringify(
          {
            targetId,
            version: record.version,
            updatedBy: record.updatedBy,
            updatedAt: record.updatedAt,
            ...record.body,
          },
          null,
          2,
        ),
      );
    });

  policy
    .command("validate")
    .description(
      "check a policy file to store (it needs target and load) and list every problem and warning (exit 2 when invalid)",
    )
    .requiredOption("-f, --file <file>", "policy JSON file; - reads stdin")
    .option(
      "--target <target>",
      "also check it as this target's policy against the table and AWS: no other target on its service, no other autoscaler",
    )
    .action(async (options: { file: string; target?: string }) => {
      const body = checkedBody(readJsonFile(options.file), options.file);
      if (options.target !== undefined) await checkOwnership(context(), options.target, body, options.file);
      process.stdout.write(`${options.file}: valid\n`);
    });

  policy
    .command("put <target>")
    .description(
      "validate a policy file and store it; refuses an invalid one with every error; an identical file writes nothing",
    )
    .requiredOption(
      "-f, --file <file>",
      "policy JSON file (a Ray autoscaling_config may be nested as written); - reads stdin",
    )
    .option("--by <name>", "who is editing (recorded as updatedBy)")
    .option(
      "--expect-version <n>",
      "fail unless the stored version is this (0: must not exist)",
      integerOption(0),
    )
    .option("--sync", SYNC_HELP)
    .option("--no-sync", "leave policy-sync to the deployed function (the default against AWS)")
    .action(
      async (
        targetId: string,
        options: { file: string; by?: string; expectVersion?: number; sync?: boolean },
      ) => {
        const idProblem = targetIdProblem(targetId);
        if (idProblem) throw new PolicyValidationError([{ path: "targetId", message: idProblem }]);
        const body = checkedBody(readJsonFile(options.file), `policy for ${targetId}`);
        const ctx = context();
        await checkOwnership(ctx, targetId, body, `policy for ${targetId}`);
        const current = await ctx.policies.get(targetId);
        const stored = await storeConditionally(ctx, {
          targetId,
          body,
          by: options.by,
          expected: options.expectVersion ?? current?.version ?? 0,
          explicit: options.expectVersion !== undefined,
        });
        const unchanged = current !== undefined && stored.version === current.version;
        ctx.out(
          unchanged
            ? `${targetId} v${stored.version} unchanged: the file matches the stored policy (nothing written)`
            : `stored ${targetId} v${stored.version}`,
        );
        if (syncHere(options.sync, process.env))
          ctx.out(describeSync(await syncPolicyHere(ctx, { record: stored })));
      },
    );

  policy
    .command("diff <target>")
    .description("only the fields that differ from the stored policy to a file")
    .requiredOption("-f, --file <file>", "policy JSON file; - reads stdin")
    .action(async (targetId: string, options: { file: string }) => {
      const ctx = context();
      const current = await ctx.policies.get(targetId);
      ctx.out(formatChanges(diffJson(current?.body ?? {}, stripMetadata(readJsonFile(options.file)))));
    });

  policy
    .command("pause <target>")
    .description(
      "hold the current count and decide nothing; --scale-in or --scale-out holds only that direction",
    )
    .option("--scale-in", 'hold scale-downs only (paused: "scale_in"); scale-ups go on')
    .option("--scale-out", 'hold scale-ups only (paused: "scale_out"); scale-downs go on')
    .option("--by <name>", "who is editing (recorded as updatedBy)")
    .option("--sync", SYNC_HELP)
    .option("--no-sync", "leave policy-sync to the deployed function")
    .action(async (targetId: string, options: HoldOptions & { scaleIn?: boolean; scaleOut?: boolean }) => {
      if (options.scaleIn && options.scaleOut) {
        throw new DriftlessError(
          "--scale-in and --scale-out together hold both directions: use driftless policy pause TARGET alone",
        );
      }
      const paused: Paused = options.scaleIn ? "scale_in" : options.scaleOut ? "scale_out" : true;
      const what = paused === true ? "" : ` ${paused} of`;
      await setPaused(context(), { targetId, paused, options, said: `paused${what} ${targetId}` });
    });

  policy
    .command("resume <target>")
    .description("resume deciding and acting in both directions (paused: false)")
    .option("--by <name>", "who is editing (recorded as updatedBy)")
    .option("--sync", SYNC_HELP)
    .option("--no-sync", "leave policy-sync to the deployed function")
    .action(async (targetId: string, options: HoldOptions) => {
      await setPaused(context(), { targetId, paused: false, options, said: `resumed ${targetId}` });
    });

  policy
    .command("delete <target>")
    .description(
      "delete a policy (driftless stops scaling the target; its alarms are removed); asks first unless --yes",
    )
    .option("-y, --yes", "delete without asking (scripts, CI)")
    .option("--sync", SYNC_HELP)
    .option("--no-sync", "leave policy-sync to the deployed function")
    .action(async (targetId: string, options: { yes?: boolean; sync?: boolean }) => {
      const ctx = context();
      const current = await requirePolicy(ctx, targetId);
      const go =
        options.yes === true ||
        (await confirm(
          `delete the policy of ${targetId} (v${current.version})? driftless stops scaling it`,
          `not deleting ${targetId}`,
        ));
      if (!go) {
        ctx.out(`not deleted: ${targetId} stays at v${current.version}`);
        return;
      }
      try {
        await ctx.policies.delete(targetId, current.version);
      } catch (error) {
        if (error instanceof StateConflictError)
          throw await conflictError(ctx, targetId, current.version, false, error);
        throw error;
      }
      ctx.out(`deleted ${targetId} (was v${current.version})`);
      if (syncHere(options.sync, process.env))
        ctx.out(describeSync(await syncPolicyHere(ctx, { removed: targetId })));
    });

  registerImportRayCommand(policy);
}

interface HoldOptions {
  readonly by?: string;
  readonly sync?: boolean;
}

/**
 * Stores the policy with `paused` set and nothing else changed (an invalid item too: a pause always
 * wins, so it must be possible to pause a target whose policy is broken).
 */
async function setPaused(
  ctx: CliContext,
  args: { targetId: string; paused: Paused; options: HoldOptions; said: string },
): Promise<void> {
  const { targetId, paused, options } = args;
  const current = await requirePolicy(ctx, targetId);
  const stored = await storeConditionally(ctx, {
    targetId,
    body: { ...current.body, paused },
    by: options.by,
    expected: current.version,
    explicit: false,
  });
  ctx.out(`${args.said} (v${stored.version})`);
  if (syncHere(options.sync, process.env))
    ctx.out(describeSync(await syncPolicyHere(ctx, { record: stored })));
}

/**
 * A policy file's body, validated: every problem (schema, cross-field, values still to fill in)
 * refuses it at once; warnings are printed on stderr and accepted.
 */
function checkedBody(raw: unknown, subject: string): Record<string, unknown> {
  const body = stripMetadata(raw);
  const result = parseStoredPolicy(body);
  printWarnings(result.warnings ?? []);
  const problems: ValidationProblem[] = [...fillInProblems(body), ...(result.ok ? [] : result.problems)];
  if (problems.length > 0) throw new PolicyValidationError(problems, { subject });
  return body;
}

/** Refuses a body whose service has another controller (one controller per service); prints what it could not check. */
async function checkOwnership(
  ctx: CliContext,
  targetId: string,
  body: Record<string, unknown>,
  subject: string,
): Promise<void> {
  const { problems, warnings, capacityNote } = await ownershipProblems(ctx, targetId, body);
  for (const w of warnings) process.stderr.write(`warning: not checked: ${w}\n`);
  if (capacityNote !== null && problems.length === 0) process.stderr.write(`${capacityNote}\n`);
  if (problems.length > 0) throw new PolicyValidationError(problems, { subject });
}

function printWarnings(warnings: readonly ValidationProblem[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);
}

/** Stores a body if the stored version is `expected`; a lost race says both versions and what to do. */
async function storeConditionally(
  ctx: CliContext,
  edit: {
    targetId: string;
    body: Record<string, unknown>;
    by: string | undefined;
    expected: number;
    explicit: boolean;
  },
): Promise<PolicyRecord> {
  try {
    return await ctx.policies.put(
      {
        targetId: edit.targetId,
        updatedBy: edit.by ?? editor(),
        updatedAt: new Date(ctx.clock.now() * 1000).toISOString(),
        body: edit.body,
      },
      edit.expected,
    );
  } catch (error) {
    if (error instanceof StateConflictError) {
      throw await conflictError(ctx, edit.targetId, edit.expected, edit.explicit, error);
    }
    throw error;
  }
}

async function conflictError(
  ctx: CliContext,
  targetId: string,
  expected: number,
  explicit: boolean,
  cause: StateConflictError,
): Promise<DriftlessError> {
  const now = await ctx.policies.get(targetId);
  const stored = now ? `v${now.version} (by ${now.updatedBy} at ${now.updatedAt})` : "deleted (no policy)";
  const wanted = expected === 0 ? "no policy" : `v${expected}`;
  return new DriftlessError(
    `conflict: the stored policy of ${targetId} is ${stored}, but this edit expected ${wanted}${explicit ? " (--expect-version)" : ""}. ` +
      `Review the other edit (driftless policy diff ${targetId} -f FILE), then retry${now ? ` with --expect-version ${now.version}` : ""}.`,
    { cause },
  );
}

async function requirePolicy(ctx: CliContext, targetId: string) {
  const record = await ctx.policies.get(targetId);
  if (!record)
    throw new DriftlessError(`no policy for target ${targetId}; list them with: driftless policy list`);
  return record;
}

/** A policy file may be a whole item as `policy get` prints it: bookkeeping fields are not policy fields. */
function stripMetadata(raw: unknown): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PolicyValidationError([{ path: "$", message: "a policy is a JSON object" }]);
  }
  return fromPolicyItem(raw as Record<string, unknown>).body;
}

function editor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}
