import { defineService } from './src/catalog';

/**
 * The orders service's observability catalog: the one place its functions, business metrics,
 * SLOs and alert tiers are described. Handlers record metrics by these names, and alarms and
 * dashboards are generated from the same entries, so a rename is a compile error.
 */
export const catalog = defineService({
  service: 'orders',
  namespace: 'Periscope/Orders',
  description: 'Takes and serves customer orders (API Gateway → Lambda → DynamoDB).',
  owner: 'orders-team',
  functions: [
    { name: 'createOrder', description: 'Validates and stores a new order.', routes: ['POST /orders'] },
    { name: 'getOrder', description: 'Returns one order by id.', routes: ['GET /orders/{orderId}'] },
    { name: 'listOrders', description: "Lists a customer's orders, newest first.", routes: ['GET /orders'] },
    { name: 'routeNotFound', description: 'Answers requests for routes the API does not have with a JSON 404.', routes: ['ANY /{proxy+}'] },
  ],
  metrics: [
    {
      name: 'OrderCreated',
      unit: 'Count',
      description: 'Orders accepted and stored.',
      views: ['executive', 'operations'],
    },
    {
      name: 'OrderValue',
      unit: 'None',
      description: 'Total value of each accepted order, in the order currency.',
      dimensions: ['currency'],
      views: ['executive'],
    },
    {
      name: 'OrderRejected',
      unit: 'Count',
      description: 'Order requests refused before storing, by reason.',
      dimensions: ['reason'],
      views: ['operations', 'developer'],
    },
  ],
  slos: [
    {
      name: 'orders-api',
      description: 'Customers can place and read orders.',
      functions: ['createOrder', 'getOrder', 'listOrders'],
      availabilityTarget: 99.9,
      latencyP99Ms: 1000,
      windowDays: 28,
    },
  ],
  tiers: {
    critical: { description: 'Customers cannot place or read orders now.', page: true, slackChannel: '#orders-incidents' },
    warning: { description: 'Degraded or burning error budget; look today.', page: false, slackChannel: '#orders-alerts' },
    info: { description: 'Worth knowing; dashboards only.', page: false },
  },
});

/** The orders catalog's type, for typed metrics and generators. */
export type OrdersCatalog = typeof catalog;
