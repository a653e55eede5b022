import { createTelemetry, defineService } from 'periscope';

/**
 * The catalog of the trigger examples: a small shop whose checkout API publishes to a queue, whose
 * queue consumer fulfils orders and tells the bus, and whose topic subscriber and bus target
 * (events and an hourly schedule) follow up. Each example
 * beside it wraps one handler in one line.
 */
export const catalog = defineService({
  service: 'shop',
  namespace: 'Examples/Shop',
  functions: [{ name: 'checkout', routes: ['POST /checkout'] }, { name: 'placeOrder', routes: ['POST /orders'] }, { name: 'fulfilOrder' }, { name: 'announceOrder' }, { name: 'onShopEvent' }],
  metrics: [
    { name: 'OrderPlaced', unit: 'Count', description: 'Orders placed.' },
    { name: 'OrderFulfilled', unit: 'Count', description: 'Orders fulfilled.' },
  ],
  slos: [{ name: 'checkout', availabilityTarget: 99.9, latencyP99Ms: 800 }],
  tiers: {
    critical: { description: 'Users hurt now.', page: true },
    warning: { description: 'Look today.', page: false },
    info: { description: 'FYI.', page: false },
  },
});

/** Built once per module, at cold start: every example shares it. */
export const telemetry = createTelemetry(catalog);
