/**
 * A handler as a team on Powertools writes it: a Powertools Tracer with a `captureMethod()` method,
 * and `fetch` calls to another service (`STOCK_SERVICE_URL`), wrapped with Periscope's
 * `withObservability` in the default tracing mode. `TEAM_TRACER` says whose Tracer: `periscope`
 * (`telemetry.powertoolsTracer`, as Periscope documents) or `own` (a `new Tracer()` of the team's,
 * as a service that used Powertools before Periscope has, handed to `createTelemetry`). Loaded in a Lambda process of its own
 * (see `startLambdaProcess`), never by jest: loading it patches fetch and http for good.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { type ApiHandler, createTelemetry, jsonResponse, requireEnv, withObservability } from 'periscope';
import { catalog } from '../../observability.config';

// A team with a Tracer of its own hands it to Periscope, which builds on it instead of making a second one.
const ownTracer = process.env.TEAM_TRACER === 'own' ? new Tracer({ serviceName: 'orders' }) : undefined;
const telemetry = createTelemetry(catalog, ownTracer ? { powertoolsTracer: ownTracer } : {});
const tracer = ownTracer ?? telemetry.powertoolsTracer;
const stockService = requireEnv('STOCK_SERVICE_URL', 'the stock service the handler calls');

class PriceList {
  /** Asks the stock service for a price; traced by the team's Tracer as `### quote`. */
  public async quote(sku: string, quantity: number): Promise<{ sku: string; total: number }> {
    const response = await fetch(`${stockService}/prices/${sku}`);
    const { unitPrice } = (await response.json()) as { unitPrice: number };
    return { sku, total: unitPrice * quantity };
  }
}
// `@tracer.captureMethod()` applied as the decorator would apply it: this repository compiles without legacy decorators.
const quote = Object.getOwnPropertyDescriptor(PriceList.prototype, 'quote') as TypedPropertyDescriptor<PriceList['quote']>;
tracer.captureMethod<typeof PriceList>()(PriceList.prototype, 'quote', quote);
Object.defineProperty(PriceList.prototype, 'quote', quote);
const prices = new PriceList();

const quoteAndCheckStock: ApiHandler = async () => {
  const price = await prices.quote('book-1', 2);
  const stock = await fetch(`${stockService}/stock/book-1`);
  return jsonResponse(200, { ...price, inStock: stock.ok });
};

/** `_HANDLER=test/support/user-traced-handler.handler` */
export const handler = withObservability(quoteAndCheckStock, { telemetry });
