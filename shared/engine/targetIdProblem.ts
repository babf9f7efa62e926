import { SETTINGS_ITEM_ID } from "./ports/StateStore";

/** Longest target id: alarm names (`<prefix><id>.<suffix>`) must stay within CloudWatch's 255 characters. */
export const MAX_TARGET_ID_LENGTH = 200;

/** Why `targetId` cannot name a scaling target, or undefined when it can. */
export function targetIdProblem(targetId: string): string | undefined {
  if (targetId.trim().length === 0) return "a target id cannot be empty";
  if (targetId === SETTINGS_ITEM_ID) return `"${targetId}" is reserved for the settings item`;
  if (targetId.length > MAX_TARGET_ID_LENGTH)
    return `a target id has at most ${MAX_TARGET_ID_LENGTH} characters`;
  if ([...targetId].some((c) => c.trim() === "" || c.charCodeAt(0) < 32)) {
    return "a target id has no spaces or control characters";
  }
  return undefined;
}
