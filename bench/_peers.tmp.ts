import { runComparison } from "../sim/runComparison";
import { BUILTIN_TRACES } from "../sim/traces/builtinTraces";
import { benchPolicy } from "./benchTraces";
const trace = BUILTIN_TRACES["market-hours"]!(1);
for (const peer of ["fixed", "oracle", "ray-serve"]) {
  const ms: number[] = [];
  for (let k = 0; k < 4; k++) {
    const o = await runComparison(trace, [benchPolicy("adr-default")], { seed: 1, peers: [peer as never] });
    if (!o.ok) throw new Error("bad");
    ms.push(o.results[1]!.summary.wallMs);
  }
  console.log(peer, Math.min(...ms).toFixed(0), "ms wall");
}
