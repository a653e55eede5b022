/** An API Gateway REST API (payload v1) route: `withObservability`. */
import { jsonResponse, withObservability } from 'periscope';
import { telemetry } from './catalog';

export const checkout = withObservability(async (event) => jsonResponse(200, { basket: event.pathParameters?.basketId ?? 'new' }), { telemetry });
