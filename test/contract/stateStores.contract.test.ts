import { beforeEach, describe } from "vitest";
import type { StateStore } from "../../shared/engine/ports/StateStore";
import { InMemoryStateStore } from "../../shared/inMemory/InMemoryStateStore";
import { ControlPlaneMeter } from "../../sim/driftless/ControlPlaneMeter";
import { MeteredStateStore } from "../../sim/driftless/MeteredStateStore";
import { SimStateStore } from "../../sim/driftless/SimStateStore";
import { stateStoreContract } from "./stateStoreContract";

const IMPLEMENTATIONS: readonly { readonly name: string; readonly make: () => StateStore }[] = [
  { name: "InMemoryStateStore", make: () => new InMemoryStateStore() },
  { name: "SimStateStore (the simulator's)", make: () => new SimStateStore() },
  {
    name: "MeteredStateStore over SimStateStore (as the simulator wires it)",
    make: () => new MeteredStateStore(new SimStateStore(), new ControlPlaneMeter()),
  },
];

for (const { name, make } of IMPLEMENTATIONS) {
  describe(`StateStore contract: ${name}`, () => {
    let store: StateStore;
    beforeEach(() => {
      store = make();
    });
    stateStoreContract(() => store);
  });
}
