import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient, createTelemetry, flushMetrics, guardMiddleware, type Telemetry, traceLambdaHandler } from 'periscope';
import { lazyCloudWatchClient } from '../alerts/cloudwatch-client';
import { cloudWatchDashboardAnnotator, cloudWatchImpactReader } from './cloudwatch-ports';
import { readDeliveryConfig } from './delivery-config';
import { deliveryMetricsCatalog } from './delivery-metrics-catalog';
import { type DeliveryOutcome, type DeliveryPorts, DeliveryRecorder } from './delivery-recorder';
import { dynamoDbDeliveryStore } from './delivery-store';
import { powertoolsDeliverySink } from './emf-sink';

export { CHANGE_EVENT, type ChangeDetail } from '../../src/catalog/delivery';
export { DELIVERY_CONFIG_VARIABLE, type DeliveryConfig } from './delivery-config';
export type { DeliveryOutcome, DeliveryPorts, DeliverySink } from './delivery-recorder';
export { type DeliveryStore, dynamoDbDeliveryStore, type StoredReview } from './delivery-store';
export { DeliveryCloudWatchError, DeliveryConfigError, DeliveryEventError, DeliveryMetricsError } from './errors';
export type { AlarmTransition, DeploymentOutcome, DeploymentRecord, Impact, IncidentRecord } from './records';

/** Options for {@link createDeliveryMetrics}. */
export interface DeliveryMetricsOptions {
  /** Stand-ins for the store, the metrics, the dashboard and CloudWatch's numbers (a drill's). @default DynamoDB, EMF and CloudWatch through the AWS SDK, traced */
  readonly ports?: Partial<DeliveryPorts>;
  /** Where `PERISCOPE_DELIVERY` and `AWS_REGION` are read from, once. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** `build()`'s value, built at the first call and the same at every later one. */
function builtOnce<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

type Metrics = Telemetry<typeof deliveryMetricsCatalog>['businessMetrics'];

/** Logs what happened to the event and counts it in the function's own metrics. */
function report(outcome: DeliveryOutcome, telemetry: Telemetry<typeof deliveryMetricsCatalog>): void {
  const { logger } = telemetry;
  const metrics: Metrics = telemetry.businessMetrics;
  switch (outcome.result) {
    case 'rejected':
      logger.warn('Delivery event rejected', { reason: outcome.error.message });
      metrics.record('EventsRejected', 1);
      return;
    case 'ignored':
      logger.info('Delivery event ignored', { eventId: outcome.event.id, reason: outcome.event.ignored });
      metrics.record('EventsIgnored', 1);
      return;
    case 'duplicate':
      logger.info('Delivery event already recorded', { eventId: outcome.event.id, kind: outcome.event.kind });
      metrics.record('EventsDuplicate', 1);
      return;
    case 'recorded':
      logger.info('Delivery event recorded', {
        eventId: outcome.event.id,
        kind: outcome.event.kind,
        at: new Date(outcome.event.at).toISOString(),
        counted: outcome.emitted.map((emission) => emission.claim),
        reviews: outcome.reviews,
      });
      for (const problem of outcome.problems) logger.warn('Delivery side effect failed', { problem });
      metrics.record('EventsRecorded', 1);
      if (outcome.reviews.length > 0) metrics.record('ReviewsWritten', outcome.reviews.length);
  }
}

/**
 * Periscope's delivery-metrics function: consumes the service's stack status changes, CodeDeploy
 * deployments, alarm state changes and the plugin's change announcements (EventBridge), keeps them
 * once each in its DynamoDB table, and writes the DORA delivery metrics (`Periscope/Delivery`:
 * `Deployments`, `LeadTimeSeconds`, `ChangeFailed`, `FailedDeploymentRecoverySeconds`,
 * `ReworkDeployments`), a review draft per closed incident, and the deployments on the operations
 * dashboard. A malformed or foreign event is logged and counted, never thrown; a duplicate changes
 * nothing. Call it once, at module scope; the plugin (`custom.periscope.delivery`) sets its
 * configuration, rules, table and permissions.
 *
 * @throws {@link DeliveryConfigError} at startup when `PERISCOPE_DELIVERY` is missing or incomplete
 * @example
 * ```ts
 * import { createDeliveryMetrics } from 'periscope/delivery-metrics';
 * export const handler = createDeliveryMetrics();
 * ```
 */
export function createDeliveryMetrics(options: DeliveryMetricsOptions = {}): MiddyfiedHandler<unknown, void, Error, Context> {
  const env = options.env ?? process.env;
  const config = readDeliveryConfig(env);
  const telemetry = createTelemetry(deliveryMetricsCatalog);
  const cloudWatch = lazyCloudWatchClient(telemetry.tracer);
  // Each built at its first use, not at cold start; the config is also the impact reader's source.
  const annotator = builtOnce(() => cloudWatchDashboardAnnotator(cloudWatch(), config.dashboard));
  const impact = builtOnce(() => cloudWatchImpactReader(cloudWatch(), config));
  const ports: DeliveryPorts = {
    store: options.ports?.store ?? dynamoDbDeliveryStore(createDocumentClient(telemetry.tracer), config.table, config),
    sink: options.ports?.sink ?? powertoolsDeliverySink(config),
    annotator: options.ports?.annotator ?? { annotate: (deployments) => annotator().annotate(deployments) },
    impact: options.ports?.impact ?? { read: (window) => impact().read(window) },
  };
  const recorder = new DeliveryRecorder(config, ports, env.AWS_REGION ?? 'us-east-1');

  const deliveryMetrics = async (event: unknown): Promise<void> => {
    report(await recorder.handle(event), telemetry);
  };

  // `before` runs top to bottom, `after`/`onError` bottom to top: metrics are flushed inside the traced, logged invocation.
  return middy<unknown, void, Error, Context>(deliveryMetrics)
    .use(traceLambdaHandler<unknown, void>(telemetry.tracer, telemetry.reportFault))
    .use(guardMiddleware<unknown, void>('logger', telemetry.reportFault, injectLambdaContext(telemetry.logger, { resetKeys: true })))
    .use(flushMetrics<typeof deliveryMetricsCatalog, unknown, void>(telemetry));
}
