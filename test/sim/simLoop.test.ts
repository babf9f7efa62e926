import { describe, expect, it } from "vitest";
import { SimLoop } from "../../sim/SimLoop";

describe("SimLoop", () => {
  it("runs events in time order, same-time events in scheduling order, on virtual time only", async () => {
    const loop = new SimLoop(1000);
    const seen: string[] = [];
    loop.at(1005, () => seen.push(`b@${loop.now()}`));
    loop.at(1001, () => seen.push(`a@${loop.now()}`));
    loop.at(1005, () => seen.push(`c@${loop.now()}`));
    await loop.run(2000);
    expect(seen).toEqual(["a@1001", "b@1005", "c@1005"]);
    expect(loop.now()).toBe(2000);
  });

  it("runs processes that sleep on its clock, interleaved with events and each other, deterministically", async () => {
    const loop = new SimLoop(0);
    const seen: string[] = [];
    const worker = (name: string, every: number) => async () => {
      for (let k = 1; k <= 3; k++) {
        await loop.sleepUntil(k * every);
        seen.push(`${name}${k}@${loop.now()}`);
      }
    };
    loop.spawn(0, worker("p", 10));
    loop.spawn(0, worker("q", 15));
    loop.at(20, () => seen.push("event@20"));
    await loop.run(100);
    // At 20 the event was scheduled first; at 30 q slept first (at 15, p at 20).
    expect(seen).toEqual(["p1@10", "q1@15", "event@20", "p2@20", "q2@30", "p3@30", "q3@45"]);
  });

  it("fails the run when a process waits on something other than the virtual clock", async () => {
    const loop = new SimLoop(0);
    loop.spawn(1, () => new Promise(() => {}));
    await expect(loop.run(10)).rejects.toThrow(/other than the virtual clock/);
  });

  it("fails the run when a process throws", async () => {
    const loop = new SimLoop(0);
    loop.spawn(1, async () => {
      await loop.sleepUntil(2);
      throw new Error("boom");
    });
    await expect(loop.run(10)).rejects.toThrow("boom");
  });
});
