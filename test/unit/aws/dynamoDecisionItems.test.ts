import { describe, expect, it } from "vitest";
import { fromDecisionItem } from "../../../shared/aws/fromDecisionItem";
import { toDecisionItems } from "../../../shared/aws/toDecisionItems";
import { decisionRecord } from "./fixtures";

const T0 = 1_767_225_600;

describe("toDecisionItems", () => {
  it("keys a record by target and epoch ms, keeps its exact time in atS, and expires it after the retention", () => {
    // act
    const [item] = toDecisionItems([decisionRecord(T0 + 0.123_456)], 30);

    // assert
    expect(item).toMatchObject({
      targetId: "llm-a",
      at: T0 * 1000 + 123,
      atS: T0 + 0.123_456,
      expiresAt: T0 + 30 * 86_400,
      trace: JSON.stringify(decisionRecord(T0).trace),
    });
  });

  it("rounds to the nearest millisecond (floating-point products are not trusted)", () => {
    // 1767225600.123 * 1000 is not exactly ...123 in binary floating point
    expect(toDecisionItems([decisionRecord(T0 + 0.123)], 1)[0]?.at).toBe(T0 * 1000 + 123);
  });

  it("moves records of one target in the same millisecond to the next free millisecond, in input order", () => {
    // arrange
    const records = [
      decisionRecord(T0, { reason: "a" }),
      decisionRecord(T0 + 0.001, { reason: "b" }),
      decisionRecord(T0 + 0.0002, { reason: "c" }),
      decisionRecord(T0, { reason: "d", targetId: "other" }),
    ];

    // act
    const keys = toDecisionItems(records, 1).map((item) => [item.targetId, item.at, item.reason]);

    // assert
    expect(keys).toEqual([
      ["llm-a", T0 * 1000, "a"],
      ["llm-a", T0 * 1000 + 1, "b"],
      ["llm-a", T0 * 1000 + 2, "c"],
      ["other", T0 * 1000, "d"],
    ]);
  });
});

describe("fromDecisionItem", () => {
  it("reads back the record exactly (inverse of toDecisionItems, what held it included), even when its key was moved", () => {
    // arrange
    const records = [
      decisionRecord(T0),
      decisionRecord(T0, { pendingDelay: { direction: "down", wanted: 1, since: T0 - 5, firesAt: T0 + 55 } }),
      decisionRecord(T0, { heldBy: "shadow" }),
    ];

    // act
    const read = toDecisionItems(records, 7).map(fromDecisionItem);

    // assert
    expect(read).toEqual(records);
  });

  it("falls back to the key for an item without atS, and to neutral values for damaged fields", () => {
    // act
    const record = fromDecisionItem({
      targetId: "t",
      at: T0 * 1000 + 500,
      running: "2",
      acted: "yes",
      trace: 5,
    });

    // assert
    expect(record).toMatchObject({
      targetId: "t",
      at: T0 + 0.5,
      running: 0,
      acted: false,
      trace: [],
      load: null,
    });
  });
});

describe("the forecast floor in history items", () => {
  it("round-trips the floor a decision saw, and reads a damaged one as none", () => {
    const forecast = { replicas: 4, at: T0 + 300, madeAt: T0 - 600, risenAt: T0 - 10, acts: false };
    const [item] = toDecisionItems([decisionRecord(T0, { forecast })], 30);
    expect(fromDecisionItem(item!).forecast).toEqual(forecast);
    expect(fromDecisionItem({ ...item!, forecast: { replicas: "4" } }).forecast).toBeUndefined();
    expect("forecast" in fromDecisionItem(toDecisionItems([decisionRecord(T0)], 30)[0]!)).toBe(false);
  });
});
