import { userInfo } from "node:os";
import type { Command } from "commander";
import { fromPolicyItem } from "../../shared/aws/fromPolicyItem";
import { targetIdProblem } from "../../shared/engine/targetIdProblem";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { PolicyValidationError } from "../../shared/errors/PolicyValidationError";
import { parsePolicy } from "../../shared/policy/parsePolicy";
import type { CliContext } from "../CliContext";
import { diffJson, formatChanges } from "../format/diffJson";
import { formatTable } from "../format/formatTable";
import { policyHealth } from "../format/policyHealth";
import { readJsonFile } from "../readJsonFile";

/** Registers `driftless policy list|get|put|validate|diff|pause|resume|delete`. */
export function registerPolicyCommand(program: Command, context: () => CliContext): void {
  const policy = program.command("policy").description("read and edit scaling policies (the policies table)");

  policy
    .command("list")
    .description("every policy with its version, validity and last edit")
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
            r.body.paused === true ? "paused" : "",
            r.updatedBy,
            r.updatedAt,
            health.runtime,
          ];
        });
      ctx.out(
        formatTable(["TARGET", "VERSION", "VALIDITY", "PAUSED", "UPDATED BY", "UPDATED AT", "RUNTIME"], rows),
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
    .description("check a policy file and list every problem (exit 2 when invalid)")
    .requiredOption("-f, --file <file>", "policy JSON file; - reads stdin")
    .action((options: { file: string }) => {
      const body = stripMetadata(readJsonFile(options.file));
      const result = parsePolicy(body);
      if (!result.ok) throw new PolicyValidationError(result.problems, { subject: options.file });
      process.stdout.write(`${options.file}: valid\n`);
    });

  policy
    .command("put <target>")
    .description("validate a policy file and store it; refuses an invalid one with every error")
    .requiredOption("-f, --file <file>", "policy JSON file; - reads stdin")
    .option("--by <name>", "who is editing (recorded as updatedBy)")
    .option("--expect-version <n>", "fail unless the stored version is this (0: must not exist)", (v) =>
      Number.parseInt(v, 10),
    )
    .action(async (targetId: string, options: { file: string; by?: string; expectVersion?: number }) => {
      const idProblem = targetIdProblem(targetId);
      if (idProblem) throw new PolicyValidationError([{ path: "targetId", message: idProblem }]);
      const ctx = context();
      const body = stripMetadata(readJsonFile(options.file));
      const result = parsePolicy(body);
      if (!result.ok) throw new PolicyValidationError(result.problems, { subject: `policy for ${targetId}` });
      const current = await ctx.policies.get(targetId);
      const expected = options.expectVersion ?? current?.version ?? 0;
      const stored = await ctx.policies.put(
        {
          targetId,
          updatedBy: options.by ?? editor(),
          updatedAt: new Date(ctx.clock.now() * 1000).toISOString(),
          body,
        },
        expected,
      );
      ctx.out(`stored ${targetId} v${stored.version}`);
    });

  policy
    .command("diff <target>")
    .description("field-by-field differences from the stored policy to a file")
    .requiredOption("-f, --file <file>", "policy JSON file; - reads stdin")
    .action(async (targetId: string, options: { file: string }) => {
      const ctx = context();
      const current = await ctx.policies.get(targetId);
      ctx.out(formatChanges(diffJson(current?.body ?? {}, stripMetadata(readJsonFile(options.file)))));
    });

  for (const [name, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    policy
      .command(`${name} <target>`)
      .description(paused ? "hold the current count and decide nothing" : "resume deciding")
      .option("--by <name>", "who is editing (recorded as updatedBy)")
      .action(async (targetId: string, options: { by?: string }) => {
        const ctx = context();
        const current = await requirePolicy(ctx, targetId);
        const body = { ...current.body, paused };
        const stored = await ctx.policies.put(
          {
            targetId,
            updatedBy: options.by ?? editor(),
            updatedAt: new Date(ctx.clock.now() * 1000).toISOString(),
            body,
          },
          current.version,
        );
        ctx.out(`${paused ? "paused" : "resumed"} ${targetId} (v${stored.version})`);
      });
  }

  policy
    .command("delete <target>")
    .description("delete a policy (driftless stops scaling the target; its alarms are removed)")
    .action(async (targetId: string) => {
      const ctx = context();
      const current = await requirePolicy(ctx, targetId);
      await ctx.policies.delete(targetId, current.version);
      ctx.out(`deleted ${targetId} (was v${current.version})`);
    });
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
