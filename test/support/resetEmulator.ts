/**
 * Resets the AWS API emulator between integration tests, so each test starts from an empty account.
 * Only moto can be reset this way; against LocalStack or a real account it does nothing (tests there must
 * use unique resource names).
 */

let motoByEndpoint: Map<string, Promise<boolean>> | undefined;

/** Wipes all emulator state when `AWS_ENDPOINT_URL` points at moto; a no-op for any other endpoint. */
export async function resetEmulator(endpoint = process.env.AWS_ENDPOINT_URL): Promise<void> {
  if (!endpoint) return;
  if (!(await isMoto(endpoint))) return;
  const response = await fetch(new URL("/moto-api/reset", endpoint), { method: "POST" });
  if (!response.ok) {
    throw new Error(`moto reset failed: POST ${endpoint}/moto-api/reset answered ${response.status}`);
  }
}

/** True when `endpoint` is a moto server (it serves its own JSON state dump under /moto-api/). */
export function isMoto(endpoint: string): Promise<boolean> {
  motoByEndpoint ??= new Map();
  let known = motoByEndpoint.get(endpoint);
  if (known === undefined) {
    known = probeMoto(endpoint);
    motoByEndpoint.set(endpoint, known);
  }
  return known;
}

async function probeMoto(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(new URL("/moto-api/data.json", endpoint), {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null;
  } catch {
    return false;
  }
}
