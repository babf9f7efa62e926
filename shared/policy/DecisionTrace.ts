/** One named step of a decision with what it saw and what it produced, for `explain` and history. */
export interface TraceStep {
  readonly step: string;
  readonly out: number | null;
  readonly note: string;
}
