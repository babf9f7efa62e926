import { buildRuntime, type Runtime } from "../shared/runtime/buildRuntime";
import type { CliContext } from "./CliContext";

let runtime: Runtime | undefined;

/**
 * The operator commands' context, built on first use from the environment (table names, region,
 * AWS_ENDPOINT_URL), so commands that need no AWS (decide, policy validate) never ask for it.
 * The CLI logs nothing itself: decisions are printed by the commands.
 */
export function cliRuntime(): Runtime {
  runtime ??= buildRuntime(process.env, { serviceName: "driftless-cli" });
  return runtime;
}

/** The CliContext over the runtime's ports, with output to stdout and no per-decision log lines. */
export function createCliContext(): CliContext {
  const r = cliRuntime();
  return {
    ...r.deps,
    observer: { decision: () => {}, conflict: () => {}, invalidPolicy: () => {}, targetError: () => {} },
    config: r.config,
    out: (text) => process.stdout.write(`${text}\n`),
  };
}
