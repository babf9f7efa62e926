import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { FixedFleet } from "../../sim/peers/FixedFleet";
import { summarizeRun } from "../../sim/report/summarizeRun";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { TOKEN_MODEL } from "../../sim/traces/llmStage";
import { parseTraceFile } from "../../sim/traces/parseTraceFile";
import { rayFields } from "./simFixtures";

const AZURE = "bench/traces/azure-llm-2023-code.csv";

describe("request-level traces", () => {
  it("replays the Azure code trace as published: one request per row, at its own time, with its tokens", async () => {
    const text = readFileSync(AZURE, "utf8");
    const rows = text.trim().split("\n").length - 1;
    const parsed = parseTraceFile(text, AZURE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
    const { trace } = parsed;
    expect(trace.name).toBe("azure-llm-2023-code");
    // 2023-11-16 18:17:03.9799600 (UTC): the first request starts the trace.
    expect(trace.start).toBeCloseTo(Date.UTC(2023, 10, 16, 18, 17, 3) / 1000 + 0.97996, 4);
    expect(trace.requests!.t.length).toBe(rows);
    expect(trace.requests!.t[0]).toBe(0);
    expect(trace.requests!.inputTokens[0]).toBe(4808);
    expect(trace.requests!.outputTokens[0]).toBe(10);
    const workload = generateWorkload(trace, 7);
    // Arrivals are the log's, whatever the seed; service time is the tokens'.
    expect(workload.arrivals).toEqual(generateWorkload(trace, 8).arrivals);
    expect(workload.firstOutputS[0]![0]).toBeCloseTo(TOKEN_MODEL.prefillOverheadS + 4808 / 4000, 6);
    expect(workload.serviceS[0]![0]).toBeCloseTo(10 * TOKEN_MODEL.decodeSPerToken, 6);
    const policy = resolveSimPolicies(rayFields({ max_replicas: 12 }), trace);
    if (!policy.ok) throw new Error("invalid");
    const run = await runSimulation(trace, workload, new FixedFleet(policy.resolved), 7);
    expect(summarizeRun(run).summary.requests).toBe(rows);
  });

  it("reads the generic CSV and JSON request logs (t in seconds or ISO, columns in any order)", () => {
    const csv = parseTraceFile("# two\noutput_tokens,t,input_tokens\n5,0.5,100\n7,30,200\n", "two.csv");
    if (!csv.ok) throw new Error(JSON.stringify(csv.problems));
    expect([...csv.trace.requests!.t]).toEqual([0.5, 30]);
    expect([...csv.trace.requests!.inputTokens]).toEqual([100, 200]);
    expect(csv.trace.durationS).toBe(60);
    const json = parseTraceFile(
      JSON.stringify({
        name: "j",
        slo_ms: 1000,
        timezone: "America/New_York",
        requests: [
          { t: "2026-06-02T13:30:10Z", input_tokens: 10, output_tokens: 3 },
          { t: "2026-06-02T13:30:00Z", input_tokens: 20, output_tokens: 4 },
        ],
      }),
      "j.json",
    );
    if (!json.ok) throw new Error(JSON.stringify(json.problems));
    // Sorted by arrival; the earliest instant is the start.
    expect(json.trace.start).toBe(Date.UTC(2026, 5, 2, 13, 30) / 1000);
    expect([...json.trace.requests!.t]).toEqual([0, 10]);
    expect([...json.trace.requests!.inputTokens]).toEqual([20, 10]);
    expect(json.trace.slo.targetMs).toBe(1000);
    const bare = parseTraceFile('[{"t": 1, "input_tokens": 5, "output_tokens": 1}]', "b.json");
    expect(bare.ok && bare.trace.requests!.t.length).toBe(1);
  });

  it("lists every bad row at once, with its line and column", () => {
    const bad = parseTraceFile(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.1,10,2\nyesterday,x,-1\n2023-11-16 18:17:04.1,5\n",
      "bad.csv",
    );
    expect(bad.ok ? [] : bad.problems).toEqual([
      { path: "line 3 (timestamp)", message: '"yesterday" is not a time' },
      { path: "line 3 (contexttokens)", message: '"x" is not a whole number of tokens >= 0' },
      { path: "line 3 (generatedtokens)", message: '"-1" is not a whole number of tokens >= 0' },
      { path: "line 4", message: "expected 3 columns, found 2" },
    ]);
    const json = parseTraceFile(
      '{"requests": [{"t": 1, "input_tokens": 1.5, "output_tokens": 1}, {"t": -1}]}',
      "j.json",
    );
    expect(json.ok ? [] : json.problems.map((p) => p.path)).toEqual([
      "$.requests[0].input_tokens",
      "$.requests[1].t",
      "$.requests[1].input_tokens",
      "$.requests[1].output_tokens",
    ]);
  });

  it("serializes prefills on a replica and slows decode by the batch", async () => {
    const parsed = parseTraceFile("t,input_tokens,output_tokens\n0,4000,10\n0,4000,10\n", "pair.csv");
    if (!parsed.ok) throw new Error("invalid");
    const trace = { ...parsed.trace, durationS: 600 };
    const policy = resolveSimPolicies(rayFields({ min_replicas: 1, max_replicas: 1 }), trace);
    if (!policy.ok) throw new Error("invalid");
    const workload = generateWorkload(trace, 1);
    const run = await runSimulation(trace, workload, new FixedFleet(policy.resolved), 1);
    const times = run.world.times[0]!;
    const prefill = TOKEN_MODEL.prefillOverheadS + 1;
    // The second waits for the first's prefill, then runs its own; both decode in a batch of 1 and 2.
    expect(times.first[0]! - trace.start).toBeCloseTo(prefill, 6);
    expect(times.first[1]! - trace.start).toBeCloseTo(2 * prefill, 6);
    expect(times.done[0]! - times.first[0]!).toBeCloseTo(10 * TOKEN_MODEL.decodeSPerToken, 6);
    expect(times.done[1]! - times.first[1]!).toBeCloseTo(
      10 * TOKEN_MODEL.decodeSPerToken * (1 + TOKEN_MODEL.decodeBatchSlowdown),
      6,
    );
  });
});
