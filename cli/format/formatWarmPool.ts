import type { WarmPoolCapacity } from "../../shared/engine/ports/CapacityScaler";

/**
 * One line on a group's warm pool as a decision read it: `warm pool: 3 stopped ready`, the other ready
 * states and instances still being prepared when there are any, and what a scale-in does with instances.
 */
export function formatWarmPool(pool: WarmPoolCapacity): string {
  const extra = [
    pool.running > 0 ? `${pool.running} running ready` : "",
    pool.hibernated > 0 ? `${pool.hibernated} hibernated ready` : "",
    pool.preparing > 0 ? `${pool.preparing} preparing` : "",
  ].filter((part) => part !== "");
  const reuse = pool.reuseOnScaleIn
    ? "scale-in returns instances to the pool"
    : "ReuseOnScaleIn off: scale-in terminates instances";
  return `warm pool: ${[`${pool.stopped} stopped ready`, ...extra].join(", ")} (pool state ${pool.poolState}; ${reuse})`;
}
