import type { ServiceDefinition } from '../../src/catalog';

/** A minimal valid catalog to derive broken ones from in validation tests. */
export const validDefinition = (): ServiceDefinition => ({
  service: 'shop',
  namespace: 'Test/Shop',
  functions: [{ name: 'checkout', routes: ['POST /checkout'] }],
  metrics: [
    { name: 'CheckoutCompleted', unit: 'Count', description: 'Checkouts completed.', views: ['executive'] },
    { name: 'CheckoutFailed', unit: 'Count', description: 'Checkouts refused, by reason.', dimensions: ['reason'] },
  ],
  slos: [{ name: 'checkout', availabilityTarget: 99.9, latencyP99Ms: 800 }],
  tiers: {
    critical: { description: 'Users hurt now.', page: true, slackChannel: '#shop-incidents' },
    warning: { description: 'Look today.', page: false },
    info: { description: 'FYI.', page: false },
  },
});
