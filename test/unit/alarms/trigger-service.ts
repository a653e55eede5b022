import type { ServiceResources } from '../../../alarms';
import { defineService, type ServiceDefinition } from '../../../src/catalog';

/** A shop with one function per trigger: what the trigger alarms, dashboards and lint tests generate from. */
export const triggerCatalog = (change: Partial<ServiceDefinition> = {}): ServiceDefinition =>
  defineService({
    service: 'shop',
    namespace: 'Test/Shop',
    functions: [
      { name: 'checkout', routes: ['POST /checkout'] },
      { name: 'search', trigger: 'http-api', routes: ['GET /search'] },
      { name: 'receipt', trigger: 'function-url' },
      { name: 'fulfil', trigger: 'sqs', queue: { maxAgeSeconds: 120, maxDepth: 500 } },
      { name: 'audit', trigger: 'sqs' },
      { name: 'notify', trigger: 'sns' },
      { name: 'react', trigger: 'eventbridge' },
      { name: 'nightly', trigger: 'schedule' },
    ],
    metrics: [{ name: 'CheckoutCompleted', unit: 'Count', description: 'Checkouts completed.' }],
    slos: [
      { name: 'checkout', functions: ['checkout'], availabilityTarget: 99.9, latencyP99Ms: 800 },
      { name: 'fulfilment', functions: ['fulfil'], availabilityTarget: 99.5, latencyP99Ms: 60_000 },
    ],
    tiers: {
      critical: { description: 'Customers hurt now.', page: true },
      warning: { description: 'Look today.', page: false },
      info: { description: 'FYI.', page: false },
    },
    ...change,
  } as ServiceDefinition);

/** The shop as the plugin reads it from its compiled template: a REST API, an HTTP API, queues, a topic, a custom bus's rule and a schedule. */
export const triggerResources = (): ServiceResources => ({
  stage: 'dev',
  api: { name: 'dev-shop', stage: 'dev' },
  tables: [],
  functions: [
    { name: 'checkout', functionName: 'shop-dev-checkout', timeoutSeconds: 6, triggers: [{ kind: 'rest-api' }] },
    { name: 'search', functionName: 'shop-dev-search', timeoutSeconds: 6, triggers: [{ kind: 'http-api', apiId: { Ref: 'HttpApi' }, stage: '$default' }] },
    { name: 'receipt', functionName: 'shop-dev-receipt', timeoutSeconds: 6, triggers: [{ kind: 'function-url' }] },
    {
      name: 'fulfil',
      functionName: 'shop-dev-fulfil',
      timeoutSeconds: 10,
      triggers: [{ kind: 'sqs', queueName: 'shop-dev-orders', deadLetterQueueName: 'shop-dev-orders-dlq', reportsBatchItemFailures: true }],
    },
    { name: 'audit', functionName: 'shop-dev-audit', timeoutSeconds: 6, triggers: [{ kind: 'sqs', queueName: 'shop-dev-audit', reportsBatchItemFailures: false }] },
    { name: 'notify', functionName: 'shop-dev-notify', timeoutSeconds: 6, keepsFailedEvents: true, triggers: [{ kind: 'sns', topicName: 'shop-dev-orders' }] },
    { name: 'react', functionName: 'shop-dev-react', timeoutSeconds: 6, triggers: [{ kind: 'eventbridge', ruleName: 'shop-dev-react-rule-1', eventBusName: 'shop-events' }] },
    { name: 'nightly', functionName: 'shop-dev-nightly', timeoutSeconds: 60, triggers: [{ kind: 'schedule', ruleName: { Ref: 'NightlyEventsRuleSchedule1' } }] },
  ],
});
