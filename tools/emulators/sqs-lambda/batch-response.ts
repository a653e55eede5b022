/** How Lambda reads a successful invocation's response for `ReportBatchItemFailures`. */
export type BatchResponseReading =
  /** Every record succeeded: delete them all. */
  | { readonly kind: 'success' }
  /** These records failed: delete the others. */
  | { readonly kind: 'partial'; readonly failedIds: readonly string[] }
  /** A response Lambda treats as the whole batch failing, and why. */
  | { readonly kind: 'invalid'; readonly reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a function's response the way Lambda does with `ReportBatchItemFailures` on. A complete
 * success: no response (`null`/`undefined`), an object without `batchItemFailures`, or a
 * `batchItemFailures` that is `null` or empty. A complete failure (Lambda's "invalid response"):
 * a response that is not a JSON object, a `batchItemFailures` that is not a list, an entry that is
 * not an object or lacks `itemIdentifier` (a bad key name), an empty or `null` `itemIdentifier`,
 * or one that is not the id of a record in the batch. Otherwise the listed records failed.
 *
 * @param recordIds the `messageId` of every record the function was invoked with
 */
export function readBatchResponse(response: unknown, recordIds: readonly string[]): BatchResponseReading {
  if (response === null || response === undefined) return { kind: 'success' };
  if (!isObject(response)) return { kind: 'invalid', reason: `the response is ${Array.isArray(response) ? 'a list' : `a ${typeof response}`}, not an object with batchItemFailures` };
  const failures = response['batchItemFailures'];
  if (failures === null || failures === undefined) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'invalid', reason: `batchItemFailures is a ${typeof failures}, not a list` };
  if (failures.length === 0) return { kind: 'success' };
  const known = new Set(recordIds);
  const failedIds: string[] = [];
  for (const [i, failure] of failures.entries()) {
    if (!isObject(failure) || !Object.hasOwn(failure, 'itemIdentifier')) return { kind: 'invalid', reason: `batchItemFailures[${i}] has no itemIdentifier` };
    const id = failure['itemIdentifier'];
    if (typeof id !== 'string' || id === '') return { kind: 'invalid', reason: `batchItemFailures[${i}].itemIdentifier is ${JSON.stringify(id)}, not a message id` };
    if (!known.has(id)) return { kind: 'invalid', reason: `batchItemFailures[${i}].itemIdentifier "${id}" is not the id of a record in the batch` };
    if (!failedIds.includes(id)) failedIds.push(id);
  }
  return { kind: 'partial', failedIds };
}
