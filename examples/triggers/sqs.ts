/**
 * An SQS consumer: `withSqsObservability` runs the record handler once per record (Powertools batch
 * processing); a record that throws is reported back in `batchItemFailures` alone. Its log lines carry
 * the correlation id `./http-api.ts` sent, and so does the event it puts on the bus
 * (`eventBridgeEntryCorrelation`), which `./eventbridge.ts` reads back. The event source mapping must
 * set `functionResponseType: ReportBatchItemFailures`.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeEntryCorrelation, type SqsRecordHandler, withSqsObservability } from 'periscope';
import { telemetry } from './catalog';

const events = telemetry.tracer.captureAWSv3Client(new EventBridgeClient({}));

const fulfil: SqsRecordHandler = async (record, context) => {
  const { orderId } = JSON.parse(record.body) as { orderId: string };
  await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderFulfilled', ...eventBridgeEntryCorrelation(context, { orderId }) }] }));
  telemetry.businessMetrics.record('OrderFulfilled', 1);
};

export const fulfilOrder = withSqsObservability(fulfil, { telemetry });
