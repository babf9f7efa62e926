import type { RunResult } from "./RunResult";

/** One trace's part of the report. */
export interface ReportSection {
  readonly trace: {
    readonly name: string;
    readonly description: string;
    readonly start: number;
    readonly durationS: number;
    readonly timezone: string;
    readonly slo: { readonly metric: "ttft" | "e2e"; readonly targetMs: number };
  };
  readonly results: readonly RunResult[];
  /** Minutes after the trace's start the charts show (a busy part of a long trace); the whole trace by default. */
  readonly chartWindow?: { readonly fromMinute: number; readonly toMinute: number };
}

/** A row of the Ray pre-fix sweep: how the delays stretch as loop overhead grows. */
export interface SweepRow {
  readonly perRequestMs: number;
  /** Iteration length with 40 ongoing requests (0.1 s plus overhead). */
  readonly iterationAt40S: number;
  /** Median and largest time from a scale-up first being wanted to it firing (configured: upscale_delay_s). */
  readonly upscaleMedianS: number | null;
  readonly upscaleMaxS: number | null;
  readonly violationsPct: number;
  readonly servingMedianS: number | null;
}

/** A goal of the issue, measured. */
export interface GoalRow {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  readonly why?: string;
}

/** Everything the HTML report shows. */
export interface ReportInput {
  readonly title: string;
  /** The command that reproduces it. */
  readonly command: string;
  readonly seed: number;
  readonly sections: readonly ReportSection[];
  readonly goals?: readonly GoalRow[];
  readonly sweep?: {
    readonly trace: string;
    readonly upscaleDelayS: number;
    readonly rows: readonly SweepRow[];
  };
  /** Simulated days per CPU-second (one core's figure) and per wall-clock second, by policy or peer. */
  readonly speed?: readonly {
    readonly policy: string;
    readonly daysPerCpuSecond: number;
    readonly daysPerSecond: number;
  }[];
  /** Further tables (diagnostics, other seeds), each with a heading and an introduction. */
  readonly tables?: readonly {
    readonly title: string;
    readonly intro: string;
    readonly header: readonly string[];
    readonly rows: readonly (readonly string[])[];
  }[];
  readonly assumptions: readonly string[];
  readonly prices: readonly string[];
}
