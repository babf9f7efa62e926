/**
 * `npm run bench:round`: the engine's CPU time per target per round (evaluateRound: read, plan, commit) with
 * in-memory ports and 1,000 targets, after warm-up rounds. Prints microseconds per target. A benchmark,
 * not a test: it asserts nothing (these machines are shared; compare runs, not thresholds). Goal: <= 30 µs.
 * BENCH_TARGETS and BENCH_ROUNDS change the size.
 */

import type { EngineDeps } from "../shared/engine/EngineDeps";
import { createEngineMemory } from "../shared/engine/EngineMemory";
import { evaluateRound } from "../shared/engine/evaluateRound";
import type { DecisionLog } from "../shared/engine/ports/DecisionLog";
import { SILENT_OBSERVER } from "../shared/engine/ports/EvaluationObserver";
import type { StateStore } from "../shared/engine/ports/StateStore";
import { InMemoryCapacityScaler } from "../shared/inMemory/InMemoryCapacityScaler";
import { InMemoryDecisionLog } from "../shared/inMemory/InMemoryDecisionLog";
import { InMemoryPolicyStore } from "../shared/inMemory/InMemoryPolicyStore";
import { InMemoryServiceScaler } from "../shared/inMemory/InMemoryServiceScaler";
import { InMemoryStateStore } from "../shared/inMemory/InMemoryStateStore";
import { ManualClock } from "../shared/inMemory/ManualClock";
import { SimMetricsSource } from "../sim/driftless/SimMetricsSource";
import { SimStateStore } from "../sim/driftless/SimStateStore";

const TARGETS = Number(process.env.BENCH_TARGETS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 10;
const NS = "Driftless/Inference";
const STEP_S = 10;

/** A history table that keeps nothing: what a round costs without an ever-growing in-memory table. */
const DISCARDING_LOG: DecisionLog = { append: async () => {}, recent: async () => [] };

/** A policy with a schedule, an SLO and a per-replica load metric: the common sections in use. */
function policy(id: string): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 16,
    target_ongoing_requests: 10,
    upscale_delay_s: 30,
    downscale_delay_s: 300,
    look_back_period_s: 30,
    target: { cluster: "gpu", service: `llm-${id}` },
    load: {
      metrics: [
        { namespace: NS, name: "OngoingRequests", dimensions: { Service: `llm-${id}` }, per: "replica" },
      ],
    },
    schedules: [
      {
        name: "market-hours",
        start: "0 9 * * 1-5",
        end: "0 16 * * 1-5",
        timezone: "America/New_York",
        overrides: { min_replicas: 2 },
      },
    ],
  };
}

/** CPU microseconds per target per round of `ROUNDS` rounds over `TARGETS` targets with `states` and `log`. */
async function measure(states: StateStore, log: DecisionLog): Promise<number> {
  const clock = new ManualClock(1_790_000_000);
  const policies = new InMemoryPolicyStore();
  const metrics = new SimMetricsSource();
  const services = new InMemoryServiceScaler();
  const ids = Array.from({ length: TARGETS }, (_, i) => `t${i}`);
  for (const id of ids) {
    policies.putRaw(id, policy(id));
    services.set("gpu", `llm-${id}`, { desired: 2, running: 2, pending: 0 });
  }
  const deps: EngineDeps = {
    policies,
    states,
    metrics,
    services,
    capacity: new InMemoryCapacityScaler(),
    log,
    clock,
    observer: SILENT_OBSERVER,
    memory: createEngineMemory(),
    ceilings: {},
  };
  const publish = (round: number) => {
    for (const [i, id] of ids.entries()) {
      // Load that moves: some targets breach, some fall, most hold.
      const v = 5 + ((i * 7 + round * 3) % 20);
      metrics.put(NS, "OngoingRequests", { Service: `llm-${id}` }, { t: clock.now(), v });
    }
  };
  for (let t = 0; t < 4; t++) {
    publish(0);
    clock.advance(STEP_S);
  }
  let cpuUs = 0;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    publish(round);
    const before = process.cpuUsage();
    await evaluateRound(deps);
    const used = process.cpuUsage(before);
    if (round >= WARMUP) cpuUs += used.user + used.system;
    clock.advance(STEP_S);
  }
  return cpuUs / ROUNDS / TARGETS;
}

async function main(): Promise<void> {
  const inMemory = await measure(new InMemoryStateStore(), new InMemoryDecisionLog());
  const frozen = await measure(new SimStateStore(), new InMemoryDecisionLog());
  const lean = await measure(new SimStateStore(), DISCARDING_LOG);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`engine CPU time per target per round (${TARGETS} targets, ${ROUNDS} rounds after ${WARMUP} warm-up):`);
  out(`  in-memory ports (InMemoryStateStore, frozen items):        ${inMemory.toFixed(1)} µs`);
  out(`  in-memory ports (the simulator's frozen state store):      ${frozen.toFixed(1)} µs`);
  out(`  ... and a history that keeps nothing (no ever-growing table in memory): ${lean.toFixed(1)} µs`);
  out(`  goal: <= 30 µs per target`);
}

await main();
