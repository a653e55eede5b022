import { defineService } from 'periscope';

/**
 * The orders service's observability catalog: the one place its functions, business metrics,
 * SLOs and alert tiers are described. Handlers record metrics by these names, and alarms and
 * dashboards are generated from the same entries, so a rename is a compile error.
 */
export const catalog = defineService({
  service: 'orders',
  namespace: 'Periscope/Orders',
  description: 'Takes, serves and fulfils customer orders (API Gateway → Lambda → DynamoDB, SQS → Lambda).',
  owner: 'orders-team',
  // Where the runbooks in docs/runbooks/ are published; every alarm links to its own.
  runbookBaseUrl: 'https://runbooks.example.com/orders',
  functions: [
    { name: 'createOrder', description: 'Validates and stores a new order.', routes: ['POST /orders'] },
    // Reads: the pre-traffic hook can try a new version on the stage's real data without changing it.
    { name: 'getOrder', description: 'Returns one order by id.', routes: ['GET /orders/{orderId}'], deployment: { smokeTest: true } },
    { name: 'listOrders', description: "Lists a customer's orders, newest first.", routes: ['GET /orders'], deployment: { smokeTest: true } },
    // Placed orders wait on the OrderPlaced queue; one older than two minutes means fulfilment is behind.
    { name: 'fulfilOrder', description: 'Marks placed orders fulfilled, from the OrderPlaced queue.', trigger: 'sqs', queue: { maxAgeSeconds: 120, maxDepth: 500 } },
    { name: 'routeNotFound', description: 'Answers requests for routes the API does not have with a JSON 404.', routes: ['ANY /{proxy+}'] },
  ],
  metrics: [
    {
      name: 'OrderCreated',
      unit: 'Count',
      description: 'Orders accepted and stored.',
      views: ['executive', 'operations'],
      alarms: [
        {
          kind: 'threshold',
          signal: 'orders-stopped',
          tier: 'warning',
          description: 'No order has been stored for 30 minutes.',
          action: 'Check that customers can reach the API and that checkout is not failing upstream.',
          comparison: 'below',
          threshold: 1,
          periodMinutes: 15,
          evaluationPeriods: 2,
        },
        {
          kind: 'anomaly',
          signal: 'orders-below-normal',
          tier: 'info',
          description: 'Fewer orders than usual for this time of day and week.',
          direction: 'below',
          bandWidth: 3,
          periodMinutes: 15,
          evaluationPeriods: 4,
          datapointsToAlarm: 3,
        },
      ],
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
      alarms: [
        {
          kind: 'threshold',
          signal: 'invalid-orders-surge',
          tier: 'warning',
          description: 'Over 50 orders in 5 minutes were refused as invalid: a client may be sending a broken payload.',
          action: 'Find the client in the createOrder logs (OrderRejected, reason invalid_order) and the field they get wrong.',
          dimensions: { reason: 'invalid_order' },
          comparison: 'above',
          threshold: 50,
          periodMinutes: 5,
          evaluationPeriods: 1,
        },
      ],
    },
    {
      name: 'OrderFulfilled',
      unit: 'Count',
      description: 'Orders marked fulfilled by the fulfilment consumer.',
      views: ['executive', 'operations'],
    },
    {
      name: 'FulfilmentDelay',
      unit: 'Milliseconds',
      description: 'How long after it was placed each order was fulfilled.',
      views: ['operations'],
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
  // New versions take 10% of the traffic for 5 minutes, and roll back if their own errors or p99 say
  // so; dev deploys all at once, as fast as serverless can.
  deployment: { strategy: 'Canary10Percent5Minutes', stages: { dev: 'AllAtOnce' } },
  // The team's delivery targets, which the executive dashboard's delivery row holds the DORA metrics
  // to (Periscope's defaults are DORA's elite bands): daily deploys, lead time under a day, recovery
  // under two hours, fewer than 15% of changes failing.
  delivery: { targets: { deploymentsPerDay: 1, leadTimeHours: 24, recoveryHours: 2, changeFailRatePercent: 15 } },
  tiers: {
    critical: {
      description: 'Customers cannot place or read orders now.',
      page: true,
      slackChannel: '#orders-incidents',
      notify: { email: ['orders-oncall@example.com'], https: ['https://pager.example.com/integrations/orders'] },
    },
    warning: { description: 'Degraded or burning error budget; look today.', page: false, slackChannel: '#orders-alerts' },
    info: { description: 'Worth knowing; dashboards only.', page: false },
  },
});

/** The orders catalog's type, for typed metrics and generators. */
export type OrdersCatalog = typeof catalog;
