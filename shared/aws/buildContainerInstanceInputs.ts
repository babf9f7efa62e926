import type {
  DescribeContainerInstancesCommandInput,
  ListContainerInstancesCommandInput,
} from "@aws-sdk/client-ecs";
import { chunk } from "./chunk";

/** Container instances per ListContainerInstances page and per DescribeContainerInstances call: the APIs' maximum. */
export const CONTAINER_INSTANCES_PER_CALL = 100;

/** One ListContainerInstances page of the cluster (every status: a DRAINING instance may still host tasks). */
export function buildListContainerInstancesInput(
  cluster: string,
  nextToken: string | undefined,
): ListContainerInstancesCommandInput {
  return { cluster, maxResults: CONTAINER_INSTANCES_PER_CALL, ...(nextToken ? { nextToken } : {}) };
}

/** The DescribeContainerInstances inputs for these ARNs: duplicates once, 100 a call; none for none. */
export function buildDescribeContainerInstancesInputs(
  cluster: string,
  containerInstanceArns: readonly string[],
): DescribeContainerInstancesCommandInput[] {
  return chunk([...new Set(containerInstanceArns)], CONTAINER_INSTANCES_PER_CALL).map((arns) => ({
    cluster,
    containerInstances: arns,
  }));
}
