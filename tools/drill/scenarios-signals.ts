import { BURN_RATE, type Expected, expectations as e, fail, firedBetween, neverFired, noPages, pagedOnce, recovered, type Scenario, unexpected, within } from './scenario';

/** What users feel when DynamoDB refuses their calls (the drill's SDK does not retry): the API pages, the SLO burns. */
const USERS_FAILING: readonly Expected[] = ['critical', 'warning', 'api-5xx-rate-critical', BURN_RATE];

/**
 * Drills of the signals beyond errors and latency: throttling located on the table or on its index,
 * DynamoDB's own latency per operation, and Lambda concurrency against a reservation and the account.
 */
export const SIGNAL_SCENARIOS: readonly Scenario[] = [
  {
    name: 'gsi-throttling',
    summary: 'the byCustomer index runs out of capacity for 15 minutes: queries through it and the order writes it must absorb are throttled; the index’s alarms fire, the table’s do not; one page',
    minutes: 40,
    startHour: 12,
    peak: 50,
    phases: [
      // Customer service keeps the customers' order lists open: the index is read every minute.
      { fromMinute: 0, extra: [{ kind: 'list', perMinute: 10 }] },
      { fromMinute: 10, toMinute: 25, dynamoDb: { kind: 'throttle', indexes: ['byCustomer'] } },
    ],
    expect: (o, n) => [
      ...firedBetween(o, n.of('dynamodb-orders-by-customer-read-throttles-warning'), 10, 16),
      ...firedBetween(o, n.of('dynamodb-orders-by-customer-write-throttles-warning'), 10, 16),
      ...neverFired(o, n.of('dynamodb-orders-read-throttles-warning')),
      ...neverFired(o, n.of('dynamodb-orders-write-throttles-warning')),
      ...recovered(o, [n.of('dynamodb-orders-by-customer-read-throttles-warning'), n.of('dynamodb-orders-by-customer-write-throttles-warning')]),
      ...pagedOnce(o, n),
      ...unexpected(o, n, [...USERS_FAILING, 'dynamodb-orders-by-customer-read-throttles-warning', 'dynamodb-orders-by-customer-write-throttles-warning']),
    ],
  },
  {
    name: 'table-throttling',
    summary:
      'the table itself runs out of capacity for 15 minutes (GetItem and PutItem throttled, queries through the index go on): the table’s read and write throttle alarms fire, the index’s do not; one page',
    minutes: 40,
    startHour: 12,
    peak: 60,
    phases: [{ fromMinute: 10, toMinute: 25, dynamoDb: { kind: 'throttle', operations: ['GetItem', 'PutItem'] } }],
    expect: (o, n) => [
      ...firedBetween(o, n.of('dynamodb-orders-read-throttles-warning'), 10, 16),
      ...firedBetween(o, n.of('dynamodb-orders-write-throttles-warning'), 10, 16),
      ...neverFired(o, n.of('dynamodb-orders-by-customer-read-throttles-warning')),
      ...neverFired(o, n.of('dynamodb-orders-by-customer-write-throttles-warning')),
      ...recovered(o, [n.of('dynamodb-orders-read-throttles-warning'), n.of('dynamodb-orders-write-throttles-warning')]),
      ...pagedOnce(o, n),
      ...unexpected(o, n, [...USERS_FAILING, 'dynamodb-orders-read-throttles-warning', 'dynamodb-orders-write-throttles-warning']),
    ],
  },
  {
    name: 'dynamodb-slow-operations',
    summary: 'queries take 200 ms for 20 minutes, then every DynamoDB call 120 ms for 17 more (fulfilOrder’s UpdateItem too): each operation’s latency warning fires in its turn; no page',
    minutes: 52,
    short: { peak: 8 },
    startHour: 12,
    peak: 20,
    phases: [
      { fromMinute: 5, toMinute: 25, dynamoDb: { kind: 'delay', ms: 200, operations: ['Query'] } },
      { fromMinute: 30, toMinute: 47, dynamoDb: { kind: 'delay', ms: 120 } },
    ],
    expect: (o, n) => [
      ...firedBetween(o, n.of('dynamodb-orders-query-latency-warning'), 5, 25),
      ...neverFired(o, n.of('dynamodb-orders-get-item-latency-warning'), 30),
      ...neverFired(o, n.of('dynamodb-orders-put-item-latency-warning'), 30),
      ...neverFired(o, n.of('dynamodb-orders-update-item-latency-warning'), 30),
      ...firedBetween(o, n.of('dynamodb-orders-get-item-latency-warning'), 30, 47),
      ...firedBetween(o, n.of('dynamodb-orders-put-item-latency-warning'), 30, 47),
      // fulfilOrder's writes.
      ...firedBetween(o, n.of('dynamodb-orders-update-item-latency-warning'), 30, 47),
      ...recovered(
        o,
        ['get-item', 'put-item', 'update-item', 'query'].map((operation) => n.of(`dynamodb-orders-${operation}-latency-warning`)),
      ),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
      ...noPages(o),
      ...unexpected(o, n, [
        'warning',
        'dynamodb-orders-query-latency-warning',
        'dynamodb-orders-get-item-latency-warning',
        'dynamodb-orders-put-item-latency-warning',
        'dynamodb-orders-update-item-latency-warning',
      ]),
    ],
  },
  {
    name: 'flash-sale',
    summary: 'a flash sale: every minute for 15 minutes, 17 orders arrive at the same instant, 85% of createOrder’s 20 reserved executions: the concurrency warning fires before any throttle; no page',
    minutes: 35,
    startHour: 18,
    peak: 20,
    phases: [{ fromMinute: 10, toMinute: 25, burst: { kind: 'create', size: 17 } }],
    expect: (o, n) => [
      ...firedBetween(o, n.of('create-order-concurrency-warning'), 10, 16),
      ...recovered(o, [n.of('create-order-concurrency-warning')]),
      ...neverFired(o, n.of('create-order-throttles-warning')),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
      ...noPages(o),
      ...unexpected(o, n, ['warning', 'create-order-concurrency-warning']),
    ],
  },
  {
    name: 'noisy-neighbour',
    summary:
      'another service’s batch job holds 790 concurrent executions of the account’s 1000 for 20 minutes: with createOrder’s 20 reserved, claimed concurrency passes 80%; a warning, no throttle, no page',
    minutes: 40,
    startHour: 9,
    peak: 20,
    phases: [{ fromMinute: 10, toMinute: 30, otherConcurrency: 790 }],
    expect: (o, n) => {
      const warned = e.firedAt(o, n.of('lambda-account-concurrency-warning'), 10);
      return [
        ...fail(within(warned, 16), `the account concurrency warning fired at ${warned ?? 'never'} min, not within 6 minutes of the batch job starting (minute 10)`),
        ...recovered(o, [n.of('lambda-account-concurrency-warning')]),
        ...fail(!Object.keys(o.statuses).some((status) => Number(status) >= 500), 'some requests failed: nothing should be throttled below the limit'),
        ...noPages(o),
        ...unexpected(o, n, ['warning', 'lambda-account-concurrency-warning']),
      ];
    },
  },
];
