import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { parseAlarmEvent } from "../../../functions/alarm/parseAlarmEvent";
import { parseStreamEvent } from "../../../functions/policy-sync/parseStreamEvent";
import { parseTickEvent } from "../../../functions/tick/parseTickEvent";

describe("parseTickEvent", () => {
  it.each([
    [{}, {}],
    [undefined, {}],
    [{ "detail-type": "Scheduled Event", source: "aws.events", detail: {} }, {}],
    [{ shard: 2, shards: 4 }, { shard: { index: 2, count: 4 } }],
  ])("reads %j as %j", (event, request) => {
    expect(parseTickEvent(event)).toEqual({ ok: true, request });
  });

  it.each([[{ shard: 4, shards: 4 }], [{ shard: 1 }], [{ shard: "1", shards: 2 }], ["tick"], [[1]]])(
    "refuses %j with the problems listed",
    (event) => {
      const result = parseTickEvent(event);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    },
  );
});

describe("parseAlarmEvent", () => {
  const event = {
    source: "aws.cloudwatch",
    "detail-type": "CloudWatch Alarm State Change",
    detail: {
      alarmName: "driftless-llm.scale-up",
      state: { value: "ALARM" },
      previousState: { value: "OK" },
    },
  };

  it("reads the alarm name and its new state", () => {
    expect(parseAlarmEvent(event)).toEqual({
      ok: true,
      request: { alarmName: "driftless-llm.scale-up", state: "ALARM" },
    });
  });

  it.each([
    [{ ...event, source: "aws.ec2" }, "$.source"],
    [{ ...event, detail: { state: { value: "ALARM" } } }, "$.detail.alarmName"],
    [{ ...event, detail: { ...event.detail, state: { value: "RED" } } }, "$.detail.state.value"],
  ])("refuses %j at %s", (bad, path) => {
    const result = parseAlarmEvent(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toContain(path);
  });
});

describe("parseStreamEvent", () => {
  const record = (eventName: string, item?: Record<string, unknown>) => ({
    eventID: `e-${eventName}`,
    eventName,
    dynamodb: {
      Keys: marshall({ targetId: "llm" }),
      ...(item ? { NewImage: marshall(item) } : {}),
      SequenceNumber: `seq-${eventName}`,
    },
  });

  it("reads upserts with their unmarshalled item and removals", () => {
    const result = parseStreamEvent({
      Records: [record("INSERT", { targetId: "llm", version: 1, max_replicas: 4 }), record("REMOVE")],
    });
    expect(result).toEqual({
      ok: true,
      parsed: {
        changes: [
          {
            itemIdentifier: "seq-INSERT",
            targetId: "llm",
            kind: "upsert",
            item: { targetId: "llm", version: 1, max_replicas: 4 },
          },
          { itemIdentifier: "seq-REMOVE", targetId: "llm", kind: "remove", item: null },
        ],
        rejected: [],
      },
    });
  });

  it("rejects a malformed record without losing the others", () => {
    const result = parseStreamEvent({
      Records: [{ eventName: "UPSERT" }, record("MODIFY", { targetId: "llm", version: 2 })],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.parsed.changes).toHaveLength(1);
    expect(result.parsed.rejected[0]?.index).toBe(0);
  });

  it("refuses an event that is not a stream event", () => {
    expect(parseStreamEvent({ records: [] }).ok).toBe(false);
  });
});
