import { describe, expect, it } from "vitest";
import type { OwnershipMemo } from "../../../../shared/engine/ownership/OwnershipMemo";
import type { OwnedTarget } from "../../../../shared/engine/ownership/ownershipVerdict";
import { readOwnership } from "../../../../shared/engine/ownership/readOwnership";
import type { PolicyRecord } from "../../../../shared/engine/ports/PolicyStore";
import { validatePolicy } from "../../../../shared/policy/parsePolicy";
import { llmPolicy } from "../engineHarness";

const record = (id: string, service = `llm-${id}`): PolicyRecord => ({
  targetId: id,
  version: 1,
  updatedBy: "test",
  updatedAt: "2026-12-01T00:00:00.000Z",
  body: llmPolicy(id, { target: { cluster: "gpu", service } }),
});
const targetOf = (r: PolicyRecord): OwnedTarget => {
  const policy = validatePolicy(r.body);
  return { targetId: r.targetId, cluster: "gpu", service: policy.target!.service, policy };
};

describe("ownership facts remembered between rounds", () => {
  it("a round over the same items and policies gets the last round's facts, not a rebuild", async () => {
    const memory: { ownership: OwnershipMemo } = { ownership: {} };
    const listed = [record("a"), record("b", "llm-a")];
    const runnable = listed.map(targetOf);
    const first = await readOwnership({ memory }, { runnable, listed });
    // A new array of the same objects, as a store that hands out its items builds each round.
    const again = await readOwnership(
      { memory },
      { runnable: runnable.map((t) => ({ ...t })), listed: [...listed] },
    );
    expect(again).toBe(first);
    expect(first.rivals.get("a")).toEqual(["b"]);
  });

  it.each([
    {
      name: "an item replaced (a new version)",
      change: (l: PolicyRecord[]) => [l[0]!, record("b", "llm-b")],
    },
    { name: "an item added", change: (l: PolicyRecord[]) => [...l, record("c", "llm-a")] },
    { name: "an item removed", change: (l: PolicyRecord[]) => l.slice(0, 1) },
  ])("$name: the facts are read again and follow the items", async ({ change }) => {
    const memory: { ownership: OwnershipMemo } = { ownership: {} };
    const listed = [record("a"), record("b", "llm-a")];
    await readOwnership({ memory }, { runnable: listed.map(targetOf), listed });
    const next = change(listed);
    const facts = await readOwnership({ memory }, { runnable: next.map(targetOf), listed: next });
    const fresh = await readOwnership({}, { runnable: next.map(targetOf), listed: next });
    expect(facts).toEqual(fresh);
  });

  it("a round that asks another controller's API reads every time, never from the memo", async () => {
    const memory: { ownership: OwnershipMemo } = { ownership: {} };
    const listed = [record("a")];
    const runnable = listed.map(targetOf);
    let asked = 0;
    const appScaling = {
      activeScalers: async () => {
        asked++;
        return new Map();
      },
    };
    await readOwnership({ memory, appScaling }, { runnable, listed });
    await readOwnership({ memory, appScaling }, { runnable, listed });
    expect(asked).toBe(2);
    expect(memory.ownership.last).toBeUndefined();
  });
});
