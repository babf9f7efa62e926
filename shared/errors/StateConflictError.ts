import { DriftlessError } from "./DriftlessError";

/** Another writer changed the item since it was read (a conditional write lost); re-read or stand down. */
export class StateConflictError extends DriftlessError {
  readonly itemKey: string;

  constructor(itemKey: string, options?: { cause?: unknown }) {
    super(`${itemKey} was changed by another writer since it was read; re-read it or stand down`, options);
    this.name = "StateConflictError";
    this.itemKey = itemKey;
  }
}
