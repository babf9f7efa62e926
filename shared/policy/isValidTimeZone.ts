// Building an Intl.DateTimeFormat costs tens of microseconds and every round validates each policy.
const known = new Map<string, boolean>();

/** True when `zone` is an IANA time zone this runtime knows (e.g. "America/New_York"). */
export function isValidTimeZone(zone: string): boolean {
  let valid = known.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (known.size < 1000) known.set(zone, valid);
  }
  return valid;
}
