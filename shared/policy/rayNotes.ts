import { formatNumber as fmt } from "./formatNumber";
import type { RayParams } from "./ResolvedPolicy";
import { fromWindow, type ScheduleOverlay } from "./scheduleOverlay";

/** The trace words that depend only on the Ray parameters in force and the windows that set them. */
export interface RayNotes {
  /** The load's target, e.g. `at 10 per replica of schedule window "peak"`. */
  readonly perReplica: string;
  /** Ray's scaling factors, e.g. `up 1.50, down 0.50 from ` (the running count follows). */
  readonly factorsFrom: string;
}

/** What the notes are worked out from: the Ray parameters in force and the window that set each. */
export interface RayNotesArgs {
  readonly ray: RayParams;
  readonly setBy: ScheduleOverlay["setBy"];
}

// The parameters in force are one shared object between window changes, and formatting their numbers
// (toFixed) every decision was a large part of its cost: each parameter set's notes are worked out once.
const notesByRay = new WeakMap<RayParams, CachedNotes>();

interface CachedNotes {
  readonly setBy: RayNotesArgs["setBy"];
  readonly notes: RayNotes;
}

/** The notes of `ray` as set by `setBy`. Pure: a parameter set's notes are kept only to skip rebuilding them. */
export function rayNotes(args: RayNotesArgs): RayNotes {
  const { ray, setBy } = args;
  const cached = notesByRay.get(ray);
  if (cached !== undefined && cached.setBy === setBy) return cached.notes;
  const notes: RayNotes = {
    perReplica: `at ${fmt(ray.targetOngoingRequests)} per replica${fromWindow(setBy.targetOngoingRequests)}`,
    factorsFrom: `up ${fmt(ray.upscalingFactor)}, down ${fmt(ray.downscalingFactor)} from `,
  };
  notesByRay.set(ray, { setBy, notes });
  return notes;
}
