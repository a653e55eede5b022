import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbOrderRepository } from '../../../handlers/orders/adapters/dynamodb-order-repository';
import type { OrderEvents } from '../../../handlers/orders/domain/order-placed';
import { OrderService } from '../../../handlers/orders/domain/order-service';
import { ORDER_ERROR_MAPPINGS } from '../../../handlers/orders/http/error-mappings';
// The runtime's modules one by one, not the `periscope` index, which would bundle the whole toolkit into a baseline.
import { resolveCorrelationId } from '../../../src/runtime/correlation-id';
import { toErrorResponse } from '../../../src/runtime/error-response';
import { readJsonBody } from '../../../src/runtime/http-request';
import { jsonResponse } from '../../../src/runtime/http-response';
import type { ApiHandler } from '../../../src/runtime/with-observability';

/** Thrown at load when a baseline's sandbox lacks a setting serverless.yml gives the function. */
export class BaselineSettingError extends Error {
  public constructor(name: string) {
    super(`Environment variable ${name} is not set; the benchmark's sandbox sets it as serverless.yml does (tools/bench/support/lambda-env.ts).`);
    this.name = 'BaselineSettingError';
  }
}

/** A setting of the function's environment a baseline cannot run without (as the sample's `requireEnv`). */
export function baselineSetting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new BaselineSettingError(name);
  return value;
}

/**
 * A route answering what it throws as the sample does (`withObservability`'s error mapping with the
 * sample's mappings, quoting the same correlation id), without logging it: a bad order gets the
 * sample's 400, body for body.
 */
export function answeringErrorsAsTheSample(route: ApiHandler): ApiHandler {
  return async function answerErrors(event, context) {
    try {
      return await route(event, context);
    } catch (error) {
      return toErrorResponse(error, ORDER_ERROR_MAPPINGS, resolveCorrelationId(event, context)).response;
    }
  };
}

/**
 * `POST /orders` without telemetry, doing the sample's work with the sample's code: read the JSON
 * body, validate, price and store the order without overwriting (`OrderService` on
 * `DynamoDbOrderRepository`), publish `OrderPlaced` with the request's correlation id (`events`),
 * answer 201 with it and a `location`, or the sample's client error.
 * Not the sample's `createOrderRoute`, which imports the `periscope` index for its HTTP helpers.
 */
export function createPlaceOrder(documents: DynamoDBDocumentClient, tableName: string, events: OrderEvents): ApiHandler {
  const orders = new OrderService({ repository: new DynamoDbOrderRepository(documents, tableName), events });
  return answeringErrorsAsTheSample(async function placeOrder(event, context) {
    const order = await orders.placeOrder(readJsonBody(event), { correlationId: resolveCorrelationId(event, context) });
    return jsonResponse(201, order, { location: `/orders/${encodeURIComponent(order.orderId)}` });
  });
}
