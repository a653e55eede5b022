/**
 * One handler of each trigger, wrapped by Periscope as a service would wrap it, for the tracing
 * tests: loaded in a Lambda process of its own (see `startLambdaProcess`), never by jest, in the
 * tracing mode `PERISCOPE_TRACING` names.
 */
import { correlationOf, createTelemetry, jsonResponse, withEventBridgeObservability, withHttpApiObservability, withSnsObservability, withSqsObservability } from 'periscope';
import { shopCatalog } from '../../../support/shop';

const telemetry = createTelemetry(shopCatalog, { captureHttpRequests: false });

/** Fails the record whose body names order `o-2`. */
export const sqs = withSqsObservability(
  async (record) => {
    if (record.body.includes('"o-2"')) throw new Error('order o-2 is not stored');
  },
  { telemetry },
);

/** Always fails, as a subscriber whose downstream is down. */
export const sns = withSnsObservability(
  async () => {
    throw new Error('Slack is down');
  },
  { telemetry },
);

export const eventBridge = withEventBridgeObservability(async () => undefined, { telemetry });

/** Answers with what it would put on a message it published. */
export const httpApi = withHttpApiObservability(async (_event, context) => jsonResponse(200, correlationOf(context)), { telemetry });
