/** An epoch-seconds instant as ISO-8601 UTC to the second, with how long ago or ahead of `now` it is. */
export function formatTime(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined) return "-";
  const iso = new Date(Math.round(at * 1000)).toISOString().replace(/\.\d{3}Z$/, "Z");
  const delta = Math.round(at - now);
  return delta === 0 ? `${iso} (now)` : delta < 0 ? `${iso} (${-delta} s ago)` : `${iso} (in ${delta} s)`;
}
