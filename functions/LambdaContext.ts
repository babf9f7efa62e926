/** The part of the Lambda context the handlers use: how much time the invocation has left. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** A context for local runs (`driftless invoke`, the demo): a budget of `seconds` from now. */
export function localContext(seconds: number, nowMs: () => number = Date.now): LambdaContext {
  const end = nowMs() + seconds * 1000;
  return { getRemainingTimeInMillis: () => Math.max(0, end - nowMs()) };
}
