/**
 * Seconds to bring a stopped GPU instance back into service: an EC2 start of the stopped instance plus
 * its agent joining (the ECS agent for an Auto Scaling warm pool, Ray's raylet for a node Ray stopped
 * with cache_stopped_nodes), "about a minute". It is the same EC2 operation for both, so the simulator
 * uses one range for both: a comparison of policies, not of two guesses of one restart.
 */
export const STOPPED_INSTANCE_RESTART_S: readonly [number, number] = Object.freeze([45, 75] as const);
