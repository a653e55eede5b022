import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LambdaSqsEvent, LambdaSqsRecord } from '../emulators/sqs-lambda';

/**
 * The event Lambda's SQS event source mapping sends, as AWS documents it (copied verbatim in
 * test/fixtures/events/sqs-lambda-reference.json; its source is in the README.md there): every
 * consumer case is built from its records' shape.
 */
export const SQS_REFERENCE_EVENT_FILE = resolve(__dirname, '../../test/fixtures/events/sqs-lambda-reference.json');

/** Thrown when the reference event cannot be read; the message names the file. */
export class SqsReferenceEventError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsReferenceEventError';
  }
}

/**
 * Reads the reference event's records, frozen so no case can change another's template. The first
 * has a message attribute, the second none.
 * @throws {@link SqsReferenceEventError} when the file is missing, not JSON, or has no records
 * @example
 * ```ts
 * const [withAttribute, plain] = loadSqsReferenceRecords();
 * ```
 */
export function loadSqsReferenceRecords(file: string = SQS_REFERENCE_EVENT_FILE): readonly LambdaSqsRecord[] {
  let event: LambdaSqsEvent;
  try {
    event = JSON.parse(readFileSync(file, 'utf8')) as LambdaSqsEvent;
  } catch (error) {
    throw new SqsReferenceEventError(`cannot read the SQS reference event ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(event.Records) || event.Records.length === 0) throw new SqsReferenceEventError(`the SQS reference event ${file} has no Records`);
  return deepFreeze(event.Records);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
