/**
 * Stock Powertools with middy, in the shape the Powertools docs show (getting-started/patterns-middyjs):
 * Logger with `injectLambdaContext`, Tracer with `captureLambdaHandler`, Metrics with `logMetrics`
 * and `captureColdStartMetric`, one business metric and one log line per order. The cold start and
 * the warm Powertools variants both wrap their route with it, so they measure the same setup.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiHandler } from '../../../src/runtime/with-observability';

/** The three Powertools utilities a function builds once, at cold start. */
export interface PowertoolsUtilities {
  readonly logger: Logger;
  readonly tracer: Tracer;
  readonly metrics: Metrics;
}

/** A Lambda handler as middy returns it. */
export type PowertoolsHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * `route` instrumented with stock Powertools: a `## handler` subsegment, the Lambda context in every
 * log line, `ColdStart` and `OrderCreated` metrics flushed after the call, one `order created` line.
 * Wrap the route's AWS clients with `utilities.tracer.captureAWSv3Client` before.
 */
export function withPowertools(route: ApiHandler, { logger, tracer, metrics }: PowertoolsUtilities): PowertoolsHandler {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event: APIGatewayProxyEvent, context): Promise<APIGatewayProxyResult> => {
      const response = await route(event, context);
      if (response.statusCode === 201) {
        metrics.addMetric('OrderCreated', MetricUnit.Count, 1);
        logger.info('order created');
      }
      return response;
    });
}
