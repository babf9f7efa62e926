import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localContext } from "../../../functions/LambdaContext";
import { handleTick } from "../../../functions/tick/handleTick";
import { TickFailedError } from "../../../functions/tick/TickFailedError";
import type { EngineDeps } from "../../../shared/engine/EngineDeps";
import type { PolicyStore } from "../../../shared/engine/ports/PolicyStore";
import { buildRuntime, type Runtime } from "../../../shared/runtime/buildRuntime";
import { memoryWorld, totalLoadPolicy } from "../../reliability/memoryWorld";

let metricsDisabled: string | undefined;
beforeAll(() => {
  metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
});
afterAll(() => {
  if (metricsDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
});

/** The tick function's runtime over the in-memory world `w`, with `deps` changed as given. */
function tickRuntime(w: ReturnType<typeof memoryWorld>, deps: Partial<EngineDeps> = {}): Runtime {
  const base = buildRuntime({ AWS_REGION: "us-east-1" }, { clock: w.clock });
  base.logger.setLogLevel("SILENT");
  return { ...base, deps: { ...w.deps, ...deps } };
}

/** A policy store whose every read fails, as the policies table does when DynamoDB is unreachable. */
function unreachable(store: PolicyStore): PolicyStore {
  const down = () => Promise.reject(new Error("DynamoDB unreachable"));
  return { list: down, get: down, put: (r, v) => store.put(r, v), delete: (id, v) => store.delete(id, v) };
}

describe("handleTick", () => {
  it("answers ok with every round's figures when the rounds evaluate", async () => {
    const w = memoryWorld();
    w.addTarget("good", 2);
    w.load("good", 60, w.clock.now() - 60, w.clock.now() + 3600);
    const result = await handleTick(
      tickRuntime(w),
      {},
      localContext(70, () => w.clock.now() * 1000),
    );
    expect(result).toMatchObject({ ok: true, rounds: 6, failedRounds: 0, errors: 0 });
    expect(w.desired("good")).toBe(6);
  });

  it("throws TickFailedError, not ok, when every round failed, so Lambda counts the invocation as an error", async () => {
    const w = memoryWorld();
    w.addTarget("good", 2);
    const runtime = tickRuntime(w, { policies: unreachable(w.deps.policies) });
    const failure = await handleTick(
      runtime,
      {},
      localContext(70, () => w.clock.now() * 1000),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TickFailedError);
    const error = failure as TickFailedError;
    expect(error.result).toMatchObject({ ok: false, rounds: 0, failedRounds: 6 });
    expect(error.message).toMatch(/every evaluation round of this tick failed.*DynamoDB unreachable/);
    expect((error.cause as Error).message).toBe("DynamoDB unreachable");
  });

  it("still answers ok when a single target is bad: its error is an outcome, not a failed round", async () => {
    const w = memoryWorld();
    w.addTarget("good", 2);
    w.load("good", 60, w.clock.now() - 60, w.clock.now() + 3600);
    // A target whose ECS service does not exist: describing it fails for that target only.
    w.policies.putRaw("orphan", totalLoadPolicy("orphan"));
    const result = await handleTick(
      tickRuntime(w),
      {},
      localContext(70, () => w.clock.now() * 1000),
    );
    expect(result).toMatchObject({ ok: true, rounds: 6, failedRounds: 0 });
    expect(result.errors).toBeGreaterThan(0);
    expect(w.desired("good")).toBe(6);
  });

  it("answers a refused event with ok false and its problems, without throwing", async () => {
    const w = memoryWorld();
    const result = await handleTick(tickRuntime(w), { shard: 3, shards: 2 }, localContext(70));
    expect(result.ok).toBe(false);
    expect(result.failedRounds).toBe(0);
    expect(result.problems?.[0]?.path).toMatch(/shard/);
  });
});
