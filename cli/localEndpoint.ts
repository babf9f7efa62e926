/**
 * Whether AWS_ENDPOINT_URL points at this machine (127.0.0.0/8, ::1 or localhost): an emulator
 * such as moto_server or LocalStack. Only then does the CLI fill in dummy credentials and a region,
 * and run policy-sync itself on `policy put` (an emulator has no stream feeding a policy-sync
 * function). Any other endpoint, or none, is treated as AWS: the standard credential chain.
 */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The region an emulator gets when none is set (the one the demo and the tests use). */
export const EMULATOR_REGION = "us-east-1";

/**
 * The environment variables to add for a local emulator: a region when neither AWS_REGION nor
 * AWS_DEFAULT_REGION is set, and the emulator's dummy credentials when no key or profile is set.
 * Empty for AWS, where the SDK's standard chain (env, profile, SSO, instance role) applies.
 */
export function localEmulatorDefaults(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const added: Record<string, string> = {};
  if (!env.AWS_REGION) {
    if (env.AWS_DEFAULT_REGION) added.AWS_REGION = env.AWS_DEFAULT_REGION;
    else if (isLocalEndpoint(env.AWS_ENDPOINT_URL)) added.AWS_REGION = EMULATOR_REGION;
  }
  if (isLocalEndpoint(env.AWS_ENDPOINT_URL) && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE) {
    added.AWS_ACCESS_KEY_ID = "test";
    added.AWS_SECRET_ACCESS_KEY = "test";
  }
  return added;
}
