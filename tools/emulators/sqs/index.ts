/**
 * A local stand-in for Amazon SQS: an in-process server on loopback that @aws-sdk/client-sqs talks
 * to over the AWS JSON 1.0 protocol, for standard queues with dead-letter queues, on a clock the
 * caller can drive, with each queue's CloudWatch metrics readable in process.
 * @example
 * ```ts
 * import { startSqsServer } from './tools/emulators/sqs';
 * const sqs = await startSqsServer();
 * process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
 * ```
 */

export { SqsEmulatorError, SqsRequestError, SqsServerStartError } from './errors';
export { type SqsQueueMetrics, sqsMetricsSince } from './metrics';
export { type SqsServer, type SqsServerOptions, startSqsServer } from './server';
