import { describe, expect, it } from "vitest";
import { describeHolds, type ItemHolds, itemHolds, withItemHolds } from "../../../shared/policy/itemHolds";
import { validatePolicy } from "../../../shared/policy/parsePolicy";

describe("itemHolds (what an item says about holding, even when invalid)", () => {
  it.each<{ body: Record<string, unknown>; holds: ItemHolds }>([
    { body: { paused: true, max_replicas: "lots" }, holds: { paused: true } },
    { body: { paused: "scale_in" }, holds: { paused: "scale_in" } },
    { body: { paused: "scale_out", shadow: true }, holds: { paused: "scale_out", shadow: true } },
    { body: { paused: false }, holds: { paused: false } },
    { body: { paused: "yes", shadow: "true" }, holds: {} },
    { body: { shadow: false }, holds: {} },
    { body: {}, holds: {} },
  ])("reads $body as $holds", ({ body, holds }) => {
    expect(itemHolds(body)).toEqual(holds);
  });

  it("applies the holds over the last known-good policy, resolved again", () => {
    const good = validatePolicy({ max_replicas: 4 });
    const held = withItemHolds(good, { paused: "scale_in", shadow: true });
    expect(held.pausedDirection).toBe("scale_in");
    expect(held.shadow).toBe(true);
    expect(held.ray).toEqual(good.ray);
    expect(withItemHolds(good, { paused: false })).toBe(good);
  });

  it("says the holds in words", () => {
    expect(describeHolds({ paused: "scale_in", shadow: true })).toBe('paused: "scale_in", shadow: true');
  });
});
