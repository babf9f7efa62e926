/** One line of the demo's decision log. */
export interface DemoEvent {
  readonly atS: number;
  readonly source: "tick" | "alarm" | "demo";
  readonly from: number;
  readonly to: number;
  readonly reason: string;
  readonly latenessMs: number | null;
  readonly acted: boolean;
}

/** What the live view shows at one moment. */
export interface DemoSnapshot {
  readonly elapsedS: number;
  readonly totalS: number;
  readonly phase: string;
  readonly offeredLoad: number;
  readonly ongoing: number;
  readonly perReplica: number;
  readonly desired: number;
  readonly running: number;
  readonly ready: number;
  readonly starting: number;
  readonly target: number | null;
  readonly pendingDelay: string | null;
  readonly activeWindow: string | null;
}
