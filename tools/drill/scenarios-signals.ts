import { type AlarmNames, expectations as e, fail, noPages, type Outcome, type Scenario, within } from './scenario';

/** `signal-tier` of an expected alarm, or a pattern over whole names. */
type Expected = string | RegExp;

/** Every burn-rate window and pair of the orders SLO. */
const BURN_RATE = /-orders-api-(fast-|slow-)?burn(-\w+)?-(critical|warning)$/;

/**
 * Critical and warning alarms that went into ALARM though the scenario does not expect them; info
 * alarms stay on dashboards, so they may.
 */
function unexpected(o: Outcome, n: AlarmNames, expected: readonly Expected[]): string[] {
  const fired = new Set(o.transitions.filter((t) => t.to === 'ALARM').map((t) => t.alarmName));
  const extra = [...fired].filter((name) => /-(critical|warning)$/.test(name) && !expected.some((x) => (typeof x === 'string' ? n.of(x) === name : x.test(name))));
  return fail(extra.length === 0, `unexpected alarms fired: ${extra.join(', ')}`);
}

const firedBetween = (o: Outcome, alarm: string, from: number, to: number): string[] => {
  const at = e.firedAt(o, alarm, from);
  return fail(at !== undefined && at <= to, `${alarm} fired at ${at ?? 'never'} min, not between minute ${from} and ${to}`);
};

const neverFired = (o: Outcome, alarm: string, before = Number.POSITIVE_INFINITY): string[] => {
  const at = e.firedAt(o, alarm);
  return fail(at === undefined || at >= before, `${alarm} fired at ${at} min`);
};

const recovered = (o: Outcome, alarms: readonly string[]): string[] => alarms.flatMap((alarm) => fail(e.recovered(o, alarm), `${alarm} did not return to OK after the fault`));

const pagedOnce = (o: Outcome, n: AlarmNames): string[] => {
  const pages = e.pages(o);
  return fail(pages.length === 1 && pages[0]?.alarmName === n.of('critical'), `${pages.length} page(s) (${pages.map((d) => d.alarmName).join(', ')}), not one from the critical composite`);
};

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
    summary: 'queries take 200 ms for 20 minutes, then every DynamoDB call 120 ms for 17 more: each operation’s latency warning fires in its turn; no page',
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
      ...firedBetween(o, n.of('dynamodb-orders-get-item-latency-warning'), 30, 47),
      ...firedBetween(o, n.of('dynamodb-orders-put-item-latency-warning'), 30, 47),
      ...recovered(
        o,
        ['get-item', 'put-item', 'query'].map((operation) => n.of(`dynamodb-orders-${operation}-latency-warning`)),
      ),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
      ...noPages(o),
      ...unexpected(o, n, ['warning', 'dynamodb-orders-query-latency-warning', 'dynamodb-orders-get-item-latency-warning', 'dynamodb-orders-put-item-latency-warning']),
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
