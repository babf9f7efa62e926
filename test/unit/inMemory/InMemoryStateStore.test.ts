import { describe, expect, it } from "vitest";
import { freshTargetState } from "../../../shared/engine/freshTargetState";
import { InMemoryStateStore } from "../../../shared/inMemory/InMemoryStateStore";

describe("InMemoryStateStore", () => {
  it.each([
    { name: "keeps every write in order when made with recordWrites", recordWrites: true, kept: [1, 2] },
    {
      name: "keeps no log of writes by default (a long run keeps only the items)",
      recordWrites: false,
      kept: [],
    },
  ])("$name", async ({ recordWrites, kept }) => {
    // arrange
    const states = new InMemoryStateStore({ recordWrites });
    const first = { ...freshTargetState("a"), version: 1 };

    // act
    await states.put(first, 0);
    await states.put({ ...first, version: 2 }, 1);

    // assert
    expect(states.writes.map((w) => w.version)).toEqual(kept);
    expect((await states.get("a"))?.version).toBe(2);
  });
});
