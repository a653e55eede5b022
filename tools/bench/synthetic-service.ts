/**
 * A synthetic service as big as a large team's: `functionCount` functions behind one REST API, a
 * table, a handful of business metrics with alarms, an SLO over every function, and the Slack
 * notifier. Built by rule, so the generation benchmark times the same input on every machine.
 */
import type { ServiceResources } from '../../alarms';
import { defineService, type FunctionDefinition, type ServiceDefinition } from '../../src/catalog';

/** The synthetic service's name, in every generated name. */
export const SYNTHETIC_SERVICE = 'shop';
/** The stage its resources are deployed at. */
export const SYNTHETIC_STAGE = 'bench';

/** Thrown when a synthetic service cannot be built as asked; the message names the bad argument. */
export class SyntheticServiceError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SyntheticServiceError';
  }
}

const VERBS = [
  { verb: 'get', method: 'GET', path: (plural: string) => `/${plural}/{id}` },
  { verb: 'list', method: 'GET', path: (plural: string) => `/${plural}` },
  { verb: 'create', method: 'POST', path: (plural: string) => `/${plural}` },
  { verb: 'update', method: 'PUT', path: (plural: string) => `/${plural}/{id}` },
  { verb: 'delete', method: 'DELETE', path: (plural: string) => `/${plural}/{id}` },
] as const;
const NOUNS = ['Order', 'Invoice', 'Customer', 'Payment', 'Shipment', 'Product', 'Cart', 'Review', 'Coupon', 'Refund'];

/**
 * `count` functions named like a REST API's (`getOrder`, `listOrders`, `createOrder`, ...), one
 * route each; past 50 the nouns repeat with a number (`getOrder2`).
 */
export function syntheticFunctions(count: number): FunctionDefinition[] {
  if (!Number.isInteger(count) || count < 1) throw new SyntheticServiceError(`functionCount ${String(count)} must be a whole number of at least 1`);
  return Array.from({ length: count }, (_, i) => {
    const { verb, method, path } = VERBS[i % VERBS.length]!;
    const round = Math.floor(i / (VERBS.length * NOUNS.length));
    const noun = `${NOUNS[Math.floor(i / VERBS.length) % NOUNS.length]!}${round === 0 ? '' : round + 1}`;
    const plural = `${noun.toLowerCase()}s`;
    return { name: `${verb}${noun}${verb === 'list' ? 's' : ''}`, description: `${verb} ${plural}`, routes: [`${method} ${path(plural)}`] };
  });
}

/**
 * The synthetic catalog with `functionCount` functions, checked by `defineService` like any catalog.
 * @throws {SyntheticServiceError} when `functionCount` is not a whole number of at least 1
 * @throws {CatalogValidationError} if the built catalog breaks a catalog rule
 * @example
 * ```ts
 * const catalog = syntheticCatalog(50);
 * const alarms = generateAlarms(catalog, syntheticResources(catalog));
 * ```
 */
export function syntheticCatalog(functionCount = 50): ServiceDefinition {
  const functions = syntheticFunctions(functionCount);
  return defineService({
    service: SYNTHETIC_SERVICE,
    namespace: 'Periscope/Shop',
    description: `A synthetic shop API of ${functionCount} functions, for the generation benchmark.`,
    owner: 'shop-team',
    runbookBaseUrl: 'https://runbooks.example.com/shop',
    functions,
    metrics: [
      {
        name: 'CheckoutCompleted',
        unit: 'Count',
        description: 'Checkouts that took payment.',
        views: ['executive', 'operations'],
        alarms: [
          { kind: 'threshold', signal: 'checkouts-stopped', tier: 'critical', description: 'No checkout for 30 minutes.', comparison: 'below', threshold: 1, periodMinutes: 15, evaluationPeriods: 2 },
          {
            kind: 'anomaly',
            signal: 'checkouts-below-normal',
            tier: 'info',
            description: 'Fewer checkouts than usual.',
            direction: 'below',
            periodMinutes: 15,
            evaluationPeriods: 4,
            datapointsToAlarm: 3,
          },
        ],
      },
      { name: 'CheckoutValue', unit: 'None', description: 'Value of each checkout, in its currency.', dimensions: ['currency'], views: ['executive'] },
      {
        name: 'PaymentDeclined',
        unit: 'Count',
        description: 'Payments the provider declined, by reason.',
        dimensions: ['reason'],
        views: ['operations', 'developer'],
        alarms: [
          {
            kind: 'threshold',
            signal: 'fraud-declines-surge',
            tier: 'warning',
            description: 'Over 20 fraud declines in 5 minutes.',
            dimensions: { reason: 'fraud' },
            comparison: 'above',
            threshold: 20,
          },
          {
            kind: 'threshold',
            signal: 'provider-declines-surge',
            tier: 'critical',
            description: 'The payment provider declines everything.',
            dimensions: { reason: 'provider_error' },
            comparison: 'above',
            threshold: 50,
            evaluationPeriods: 2,
          },
        ],
      },
      {
        name: 'StockReservationLatency',
        unit: 'Milliseconds',
        description: 'Time to reserve stock for an order.',
        views: ['operations', 'developer'],
        alarms: [{ kind: 'threshold', signal: 'stock-reservation-slow', tier: 'warning', description: 'Stock reservations are slow.', statistic: 'p99', comparison: 'above', threshold: 800 }],
      },
    ],
    slos: [{ name: 'shop-api', description: 'Customers can use the shop.', availabilityTarget: 99.9, latencyP99Ms: 1000, windowDays: 28 }],
    tiers: {
      critical: { description: 'Customers cannot shop now.', page: true, slackChannel: '#shop-incidents', notify: { email: ['shop-oncall@example.com'] } },
      warning: { description: 'Degraded; look today.', page: false, slackChannel: '#shop-alerts' },
      info: { description: 'Dashboards only.', page: false },
    },
  });
}

/** The synthetic catalog's resources as osls would name them: `shop-bench-<function>`, one table, the REST API and the notifier. */
export function syntheticResources(catalog: ServiceDefinition): ServiceResources {
  const prefix = `${catalog.service}-${SYNTHETIC_STAGE}`;
  return {
    stage: SYNTHETIC_STAGE,
    functions: catalog.functions.map((fn) => ({ name: fn.name, functionName: `${prefix}-${fn.name}`, timeoutSeconds: 10 })),
    api: { name: `${SYNTHETIC_STAGE}-${catalog.service}`, stage: SYNTHETIC_STAGE },
    tables: [{ logicalId: 'ShopTable', tableName: `${prefix}-shop`, operations: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'] }],
    notifier: {
      functionLogicalId: 'SlackNotifierLambdaFunction',
      roleLogicalId: 'SlackNotifierRole',
      functionName: `${prefix}-slackNotifier`,
      webhookParameter: `/periscope/${catalog.service}/${SYNTHETIC_STAGE}/slack/{tier}`,
    },
  };
}
