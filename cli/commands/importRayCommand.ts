import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { PolicyValidationError } from "../../shared/errors/PolicyValidationError";
import { parsePolicy } from "../../shared/policy/parsePolicy";
import { importRayServeConfig } from "../rayServeConfig";

/** Registers `driftless policy import-ray <serve.yaml>`: one policy skeleton per Ray Serve deployment. */
export function registerImportRayCommand(policy: Command): void {
  policy
    .command("import-ray <file>")
    .description(
      "read a Ray Serve config (applications -> deployments -> autoscaling_config) and write one policy skeleton per deployment, target and load marked FILL IN",
    )
    .option("-o, --out <dir>", "directory to write the skeletons to", ".")
    .option("--force", "overwrite existing files")
    .action((file: string, options: { out: string; force?: boolean }) => {
      const config = readYaml(file);
      const imported = importRayServeConfig(config, file);
      if (imported.problems.length > 0) throw new PolicyValidationError(imported.problems, { subject: file });
      for (const s of imported.skipped) process.stderr.write(`skipped: ${s.path}: ${s.message}\n`);
      if (imported.skeletons.length === 0)
        throw new DriftlessError(`${file}: no deployment with an autoscaling_config`);
      const paths = imported.skeletons.map((s) => join(options.out, `${s.targetId}.json`));
      const existing = paths.filter((p) => existsSync(p));
      if (existing.length > 0 && !options.force) {
        throw new DriftlessError(`not overwriting ${existing.join(", ")}; pass --force to replace them`);
      }
      imported.skeletons.forEach((s, i) => {
        const path = paths[i] ?? "";
        writeFileSync(path, `${JSON.stringify(s.policy, null, 2)}\n`);
        process.stdout.write(`wrote ${path} (application ${s.application}, deployment ${s.deployment})\n`);
        const parsed = parsePolicy(s.policy);
        for (const w of parsed.warnings ?? []) process.stderr.write(`  warning: ${w.path}: ${w.message}\n`);
        if (!parsed.ok)
          for (const p of parsed.problems) process.stderr.write(`  to fix: ${p.path}: ${p.message}\n`);
      });
      process.stdout.write(
        "next: fill in each file's FILL IN fields (target, load), check it with driftless policy validate -f FILE, store it with driftless policy put TARGET -f FILE\n",
      );
    });
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new DriftlessError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new DriftlessError(`${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`, {
      cause: error,
    });
  }
}
