/**
 * An API Gateway HTTP API (payload v2) route, or a Lambda function URL: `withHttpApiObservability`.
 * It hands the order to a queue with the request's correlation id and trace (`sqsMessageCorrelation`),
 * which the queue's consumer (`./sqs.ts`) reads back.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { jsonResponse, requireEnv, sqsMessageCorrelation, withHttpApiObservability } from 'periscope';
import { telemetry } from './catalog';

const sqs = telemetry.tracer.captureAWSv3Client(new SQSClient({}));
const queueUrl = requireEnv('ORDERS_QUEUE_URL', 'the queue orders are fulfilled from');

export const placeOrder = withHttpApiObservability(
  async (event, context) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: event.body ?? '{}', ...sqsMessageCorrelation(context) }));
    telemetry.businessMetrics.record('OrderPlaced', 1);
    return jsonResponse(202, { accepted: true });
  },
  { telemetry },
);
