import { SqsRequestError } from './errors';

/** A batch entry's `Id`: letters, digits, `-` and `_`, 1 to 80. */
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_ENTRIES = 10;

/** One entry SQS could not act on, as the batch response reports it. */
export interface BatchFailure {
  readonly Id: string;
  readonly SenderFault: boolean;
  readonly Code: string;
  readonly Message: string;
}

/**
 * A batch request's entries, refused as a whole as SQS refuses them: none, more than 10, an `Id`
 * that is not 1–80 letters, digits, `-` or `_`, or two entries with the same `Id`.
 *
 * @throws SqsRequestError `EmptyBatchRequest`, `TooManyEntriesInBatchRequest`, `InvalidBatchEntryId`, `BatchEntryIdsNotDistinct`
 */
export function checkBatch<E extends { readonly Id?: unknown }>(entries: readonly E[] | undefined, action: string): (E & { readonly Id: string })[] {
  const list = entries ?? [];
  if (list.length === 0) throw new SqsRequestError('EmptyBatchRequest', `There should be at least one ${action}RequestEntry in the request.`);
  if (list.length > MAX_ENTRIES) throw new SqsRequestError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_ENTRIES}. You have sent ${list.length}.`);
  const seen = new Set<string>();
  for (const entry of list) {
    if (typeof entry.Id !== 'string' || !ENTRY_ID.test(entry.Id)) {
      throw new SqsRequestError('InvalidBatchEntryId', `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long: "${String(entry.Id)}".`);
    }
    if (seen.has(entry.Id)) throw new SqsRequestError('BatchEntryIdsNotDistinct', `Id ${entry.Id} repeated.`);
    seen.add(entry.Id);
  }
  return list as (E & { readonly Id: string })[];
}

/**
 * Runs `act` on each entry; an entry SQS refuses lands in `Failed` with its code and message, the
 * others in `Successful` with what `act` answered.
 */
export function runBatch<E extends { readonly Id: string }, R extends object>(entries: readonly E[], act: (entry: E) => R): { Successful: (R & { Id: string })[]; Failed: BatchFailure[] } {
  const Successful: (R & { Id: string })[] = [];
  const Failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...act(entry) });
    } catch (error) {
      if (!(error instanceof SqsRequestError)) throw error;
      Failed.push({ Id: entry.Id, SenderFault: error.statusCode < 500, Code: error.type, Message: error.message });
    }
  }
  return { Successful, Failed };
}
