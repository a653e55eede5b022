import { checkBatch, runBatch } from './batch';
import { invalidParameter, SqsRequestError } from './errors';
import type { ActionContext } from './queue-actions';

const MAX_VISIBILITY_SECONDS = 43_200;

function readHandle(handle: unknown): string {
  if (typeof handle !== 'string' || handle === '') throw new SqsRequestError('MissingParameter', 'The request must contain the parameter ReceiptHandle.');
  return handle;
}

/** A `VisibilityTimeout` SQS takes: an integer from 0 to 43200 seconds. */
export function readVisibilityTimeout(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_VISIBILITY_SECONDS) {
    throw invalidParameter(`Value ${String(value)} for parameter VisibilityTimeout is invalid. Reason: must be an integer from 0 to ${MAX_VISIBILITY_SECONDS}.`);
  }
  return value as number;
}

const deleteMessage = (input: { QueueUrl?: unknown; ReceiptHandle?: unknown }, context: ActionContext) => {
  context.registry.byUrl(input.QueueUrl).delete(readHandle(input.ReceiptHandle));
  return {};
};

const deleteMessageBatch = (input: { QueueUrl?: unknown; Entries?: readonly { Id?: unknown; ReceiptHandle?: unknown }[] }, context: ActionContext) => {
  const queue = context.registry.byUrl(input.QueueUrl);
  return runBatch(checkBatch(input.Entries, 'DeleteMessageBatch'), (entry) => {
    queue.delete(readHandle(entry.ReceiptHandle));
    return {};
  });
};

const changeMessageVisibility = (input: { QueueUrl?: unknown; ReceiptHandle?: unknown; VisibilityTimeout?: unknown }, context: ActionContext) => {
  const queue = context.registry.byUrl(input.QueueUrl);
  queue.changeVisibility(readHandle(input.ReceiptHandle), readVisibilityTimeout(input.VisibilityTimeout), context.now);
  return {};
};

const changeMessageVisibilityBatch = (input: { QueueUrl?: unknown; Entries?: readonly { Id?: unknown; ReceiptHandle?: unknown; VisibilityTimeout?: unknown }[] }, context: ActionContext) => {
  const queue = context.registry.byUrl(input.QueueUrl);
  return runBatch(checkBatch(input.Entries, 'ChangeMessageVisibilityBatch'), (entry) => {
    queue.changeVisibility(readHandle(entry.ReceiptHandle), readVisibilityTimeout(entry.VisibilityTimeout ?? 0), context.now);
    return {};
  });
};

/** The actions on received messages, by name: delete them or change how long they stay hidden. */
export const HANDLE_ACTIONS = {
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
} as const;
