import { defineService } from '../../src/catalog';
import { createTelemetry, type TelemetryOptions } from '../../src/runtime/telemetry';
import { validDefinition } from './catalogs';

/** A small typed catalog for runtime tests. */
export const shopCatalog = defineService({
  ...validDefinition(),
  metrics: [
    { name: 'CheckoutCompleted', unit: 'Count', description: 'Checkouts completed.' },
    { name: 'BasketValue', unit: 'None', description: 'Basket value.' },
    { name: 'CheckoutFailed', unit: 'Count', description: 'Checkouts refused, by reason.', dimensions: ['reason'] },
  ],
});

/** Telemetry for the shop catalog, built as a handler module would build it (cold start armed). */
export function shopTelemetry(options: TelemetryOptions = {}) {
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  return createTelemetry(shopCatalog, options);
}
