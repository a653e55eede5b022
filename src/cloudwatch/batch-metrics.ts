/**
 * The metrics a queue consumer wrapped by Periscope writes per batch (EMF, in the service's
 * namespace, dimensions `service` and `function_name` as `ColdStart` has them): how many records it
 * was given and how many it reported back as failed (partial batch response). The alarm on failed
 * records and the operations dashboard read the same names.
 */
export const BatchMetric = {
  /** Records in the batches the function was invoked with. */
  Records: 'BatchRecords',
  /** Records the function reported as failed (`batchItemFailures`): SQS makes them visible again. */
  ItemFailures: 'BatchItemFailures',
} as const;

/** One of {@link BatchMetric}'s names. */
export type BatchMetricName = (typeof BatchMetric)[keyof typeof BatchMetric];
