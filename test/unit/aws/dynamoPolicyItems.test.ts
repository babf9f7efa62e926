import { describe, expect, it } from "vitest";
import { fromPolicyItem } from "../../../shared/aws/fromPolicyItem";
import { toPolicyItem } from "../../../shared/aws/toPolicyItem";

const record = {
  targetId: "llm-a",
  updatedBy: "alice",
  updatedAt: "2026-01-01T00:00:00.000Z",
  body: { min_replicas: 1, load: { metrics: [{ name: "Ongoing" }] }, note: null },
};

describe("toPolicyItem", () => {
  it("lays the policy fields flat beside the bookkeeping", () => {
    expect(toPolicyItem(record, 3)).toEqual({
      min_replicas: 1,
      load: { metrics: [{ name: "Ongoing" }] },
      note: null,
      targetId: "llm-a",
      version: 3,
      updatedBy: "alice",
      updatedAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("never lets body fields named like bookkeeping override it", () => {
    // act
    const item = toPolicyItem(
      { ...record, body: { targetId: "other", version: 99, updatedBy: "mallory", updatedAt: "never", x: 1 } },
      2,
    );

    // assert
    expect(item).toEqual({
      x: 1,
      targetId: "llm-a",
      version: 2,
      updatedBy: "alice",
      updatedAt: record.updatedAt,
    });
  });
});

describe("fromPolicyItem", () => {
  it("reads the bookkeeping and leaves the rest as the body (inverse of toPolicyItem)", () => {
    expect(fromPolicyItem(toPolicyItem(record, 3))).toEqual({ ...record, version: 3 });
  });

  it.each([
    { name: "no bookkeeping at all", item: { targetId: "t", a: 1 }, version: 0, updatedBy: "" },
    { name: "a string version", item: { targetId: "t", version: "3", a: 1 }, version: 0, updatedBy: "" },
    { name: "a fractional version", item: { targetId: "t", version: 1.5, a: 1 }, version: 0, updatedBy: "" },
    {
      name: "a numeric updatedBy",
      item: { targetId: "t", version: 2, updatedBy: 7, a: 1 },
      version: 2,
      updatedBy: "",
    },
  ])("reads a hand-made item with $name leniently", ({ item, version, updatedBy }) => {
    expect(fromPolicyItem(item)).toEqual({
      targetId: "t",
      version,
      updatedBy,
      updatedAt: "",
      body: { a: 1 },
    });
  });
});
