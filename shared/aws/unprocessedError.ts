/**
 * The cause of the AwsCallError thrown when DynamoDB still leaves items unprocessed after every retry
 * (sustained throttling): its name, `Unprocessed`, becomes the AwsCallError's errorName.
 */
export function unprocessedError(count: number, attempts: number): Error {
  const error = new Error(`${count} item(s) still unprocessed after ${attempts} attempt(s)`);
  error.name = "Unprocessed";
  return error;
}
