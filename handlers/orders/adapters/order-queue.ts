/**
 * The OrderPlaced queue's settings, shared by the local stack, the drills and the tests so that they
 * cannot drift from `serverless.yml` (a test checks the packaged template against them).
 */
export const ORDER_PLACED_QUEUE = {
  /** Six times fulfilOrder's 10 s timeout, as AWS advises for a queue a Lambda function consumes. */
  visibilityTimeoutSeconds: 60,
  /** How long the queue keeps a message: SQS's default of four days, written down. */
  retentionSeconds: 345_600,
  /** Receives before a message moves to the dead letter queue. */
  maxReceiveCount: 3,
  /** How long the dead letter queue keeps a message: 14 days, SQS's longest. */
  deadLetterRetentionSeconds: 1_209_600,
  /** The event source mapping's batch size and batching window. */
  batchSize: 10,
  maximumBatchingWindowSeconds: 1,
} as const;

/** The queue's and its dead letter queue's names at `stage`, as serverless.yml names them. */
export const orderPlacedQueueNames = (stage: string, service = 'periscope-orders') => ({
  queue: `${service}-${stage}-order-placed`,
  deadLetterQueue: `${service}-${stage}-order-placed-dlq`,
});
