import type { SetInstanceProtectionCommandInput } from "@aws-sdk/client-auto-scaling";
import { chunk } from "./chunk";

/** Instance ids per SetInstanceProtection call: the API's maximum. */
export const SET_INSTANCE_PROTECTION_MAX_IDS = 50;

/** The SetInstanceProtection inputs that set ProtectedFromScaleIn to `protect` on these instances: 50 a call, none for none. */
export function buildSetInstanceProtectionInputs(args: {
  readonly groupName: string;
  readonly instanceIds: readonly string[];
  readonly protect: boolean;
}): SetInstanceProtectionCommandInput[] {
  return chunk([...new Set(args.instanceIds)], SET_INSTANCE_PROTECTION_MAX_IDS).map((ids) => ({
    AutoScalingGroupName: args.groupName,
    InstanceIds: ids,
    ProtectedFromScaleIn: args.protect,
  }));
}
