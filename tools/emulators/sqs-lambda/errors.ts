/** Base class of every error the SQS event source mapping stand-in raises. */
export class SqsEventSourceError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsEventSourceError';
  }
}

/** Raised for an option Lambda would refuse in `CreateEventSourceMapping`; the message names it and its range. */
export class SqsEventSourceOptionsError extends SqsEventSourceError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsEventSourceOptionsError';
  }
}

/** Raised when the queue cannot be read or its processed messages cannot be deleted; the cause is the SDK's error. */
export class SqsEventSourceQueueError extends SqsEventSourceError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqsEventSourceQueueError';
  }
}
