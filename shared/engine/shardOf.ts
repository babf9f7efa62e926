/** The shard (0..shards-1) a target belongs to: a stable FNV-1a hash of its id. */
export function shardOf(targetId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < targetId.length; i++) {
    hash ^= targetId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % Math.max(1, shards);
}
