/**
 * The SQS errors this server answers with: each one's name in the JSON protocol (`__type`, and the
 * SDK's exception class where it has one), the query-protocol code SQS sends in `x-amzn-query-error`
 * (which @aws-sdk/client-sqs reads first to pick the class), and the HTTP status the SQS API
 * reference gives it.
 */
export const SQS_ERRORS = {
  QueueDoesNotExist: { queryCode: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 },
  QueueNameExists: { queryCode: 'QueueAlreadyExists', status: 400 },
  InvalidParameterValue: { queryCode: 'InvalidParameterValue', status: 400 },
  MissingParameter: { queryCode: 'MissingParameter', status: 400 },
  InvalidAttributeName: { queryCode: 'InvalidAttributeName', status: 400 },
  InvalidAttributeValue: { queryCode: 'InvalidAttributeValue', status: 400 },
  InvalidMessageContents: { queryCode: 'InvalidMessageContents', status: 400 },
  ReceiptHandleIsInvalid: { queryCode: 'ReceiptHandleIsInvalid', status: 404 },
  MessageNotInflight: { queryCode: 'AWS.SimpleQueueService.MessageNotInflight', status: 400 },
  EmptyBatchRequest: { queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest', status: 400 },
  TooManyEntriesInBatchRequest: { queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', status: 400 },
  BatchEntryIdsNotDistinct: { queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', status: 400 },
  InvalidBatchEntryId: { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId', status: 400 },
  BatchRequestTooLong: { queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong', status: 400 },
  PurgeQueueInProgress: { queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403 },
  UnsupportedOperation: { queryCode: 'AWS.SimpleQueueService.UnsupportedOperation', status: 400 },
  /** An action this server does not answer (SQS's own answer to an unknown `X-Amz-Target`). */
  UnknownOperationException: { queryCode: 'InvalidAction', status: 400 },
} as const;

/** One of the errors in {@link SQS_ERRORS}. */
export type SqsErrorType = keyof typeof SQS_ERRORS;

/** Base class of every error the local SQS emulator raises. */
export class SqsEmulatorError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsEmulatorError';
  }
}

/**
 * A request SQS would refuse: answered to the client in SQS's JSON error shape, so the SDK raises
 * the matching exception (`QueueDoesNotExist`, `ReceiptHandleIsInvalid`…, or an `SQSServiceException`
 * named `InvalidParameterValue` for codes the SDK has no class for). The message names the bad input.
 */
export class SqsRequestError extends SqsEmulatorError {
  /** The query-protocol code sent in `x-amzn-query-error`. */
  public readonly queryCode: string;
  public readonly statusCode: number;

  public constructor(
    public readonly type: SqsErrorType,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SqsRequestError';
    this.queryCode = SQS_ERRORS[type].queryCode;
    this.statusCode = SQS_ERRORS[type].status;
  }
}

/** Raised when the server cannot listen on the host and port asked for. */
export class SqsServerStartError extends SqsEmulatorError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsServerStartError';
  }
}

/** Shorthand for the most common refusal. */
export const invalidParameter = (message: string, options?: ErrorOptions): SqsRequestError => new SqsRequestError('InvalidParameterValue', message, options);
