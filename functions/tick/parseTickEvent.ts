import { z } from "zod";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { zodProblems } from "../../shared/errors/zodProblems";

// The schedule passes {"shard": i, "shards": n} as the rule target's input; a bare scheduled event means one shard.
const TickEventSchema = z
  .object({
    shard: z.number().int().min(0).optional(),
    shards: z.number().int().min(1).max(1000).optional(),
  })
  .passthrough()
  .refine((e) => (e.shard === undefined) === (e.shards === undefined), {
    message: "shard and shards go together",
  })
  .refine((e) => e.shard === undefined || e.shards === undefined || e.shard < e.shards, {
    message: "shard must be below shards",
    path: ["shard"],
  });

export type TickRequest = { readonly shard?: { readonly index: number; readonly count: number } };

/** Reads a tick invocation's event: which shard to evaluate. Never throws. */
export function parseTickEvent(
  event: unknown,
): { ok: true; request: TickRequest } | { ok: false; problems: ValidationProblem[] } {
  const parsed = TickEventSchema.safeParse(event ?? {});
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const { shard, shards } = parsed.data;
  return {
    ok: true,
    request: shard === undefined || shards === undefined ? {} : { shard: { index: shard, count: shards } },
  };
}
