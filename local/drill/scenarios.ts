import { expectations as e, type Scenario } from './scenario';

const within = (minute: number | undefined, limit: number): boolean => minute !== undefined && minute <= limit;
const fail = (condition: boolean, message: string): string[] => (condition ? [] : [message]);

/**
 * The drills: each drives the real orders handlers through a stretch of a shop's day with one kind
 * of trouble, and says what must and must not reach people. Minutes are simulated.
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'healthy-day',
    summary: 'a whole day of ordinary traffic, with the usual invalid orders and unknown ids: no page, no warning',
    minutes: 24 * 60,
    shortMinutes: 3 * 60,
    startHour: 6,
    peak: 20,
    phases: [],
    expect: (o) => [
      ...fail(e.pages(o).length === 0, `paged ${e.pages(o).length} time(s): ${e.pages(o).map((d) => d.alarmName).join(', ')}`),
      ...fail(e.notified(o, 'warning', 'ALARM').length === 0, `warned: ${e.notified(o, 'warning', 'ALARM').map((d) => d.alarmName).join(', ')}`),
      ...fail(o.slack.length === 0, `${o.slack.length} Slack message(s) arrived`),
    ],
  },
  {
    name: 'all-requests-fail',
    summary: 'DynamoDB answers every call with a 500 for 20 minutes: one critical page within 5 minutes, recovery announced',
    minutes: 60,
    startHour: 12,
    peak: 30,
    phases: [{ fromMinute: 10, toMinute: 30, dynamoDb: { kind: 'server-error' } }],
    expect: (o, n) => {
      const paged = e.firedAt(o, n.of('critical'), 10);
      const pages = e.pages(o).filter((d) => d.alarmName === n.of('critical'));
      return [
        ...fail(within(paged, 15), `the critical composite went into ALARM at ${paged ?? 'never'} min, not within 5 minutes of the fault (minute 10)`),
        ...fail(pages.length === 1, `${pages.length} pages for one incident, not 1`),
        ...fail(e.notified(o, 'critical', 'OK').length >= 1, 'no recovery (OK) was announced on the critical topic'),
        ...fail(o.slack.some((m) => /ALARM|critical/i.test(m.text)), 'no critical message reached Slack'),
      ];
    },
  },
  {
    name: 'error-leak',
    summary: '2% of data requests fail for 4 hours from 22:00: a burn-rate warning within the hour, no page',
    minutes: 5 * 60,
    shortMinutes: 90,
    startHour: 21,
    peak: 200,
    phases: [{ fromMinute: 30, dynamoDb: { kind: 'server-error', probability: 0.02 } }],
    expect: (o, n) => {
      const warned = e.firedAt(o, n.of('orders-api-burn-warning'), 30);
      return [
        ...fail(within(warned, 90), `the burn-rate warning fired at ${warned ?? 'never'} min, not within an hour of the leak (minute 30)`),
        ...fail(e.pages(o).length === 0, `paged: ${e.pages(o).map((d) => d.alarmName).join(', ')}`),
        ...fail(e.notified(o, 'warning', 'ALARM').some((d) => d.alarmName === n.of('warning')), 'the warning tier did not notify'),
      ];
    },
  },
  {
    name: 'slow-dependency',
    summary: 'one DynamoDB call in 15 takes 1.2 s for 20 minutes: p99 latency over the 1000 ms SLO, a warning',
    minutes: 40,
    shortMinutes: 26,
    startHour: 12,
    peak: 30,
    phases: [{ fromMinute: 5, toMinute: 25, dynamoDb: { kind: 'delay', ms: 1200, probability: 1 / 15 } }],
    expect: (o, n) => [
      ...fail(e.firedAt(o, n.of('api-latency-p99-warning')) !== undefined, 'the API p99 latency warning never fired'),
      ...fail(e.pages(o).length === 0, `paged: ${e.pages(o).map((d) => d.alarmName).join(', ')}`),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
    ],
  },
  {
    name: 'dynamodb-throttling-storm',
    summary: 'DynamoDB throttles every call for 15 minutes: table throttle alarm, API 5XX, the critical composite',
    minutes: 40,
    startHour: 12,
    peak: 30,
    phases: [{ fromMinute: 10, toMinute: 25, dynamoDb: { kind: 'throttle' } }],
    expect: (o, n) => [
      ...fail(e.firedAt(o, n.of('dynamodb-orders-throttles-warning'), 10) !== undefined, 'the DynamoDB throttles alarm never fired'),
      ...fail(e.firedAt(o, n.of('api-5xx-rate-critical'), 10) !== undefined, 'the API 5XX rate alarm never fired'),
      ...fail(e.firedAt(o, n.of('critical'), 10) !== undefined, 'the critical composite never fired'),
      ...fail(e.pages(o).length === 1, `${e.pages(o).length} pages, not 1`),
    ],
  },
  {
    name: 'orders-stop',
    summary: 'nobody places an order for 75 minutes (reads go on): the business alarm warns',
    minutes: 105,
    startHour: 14,
    peak: 30,
    phases: [{ fromMinute: 15, toMinute: 90, onlyKinds: ['get', 'list'] }],
    expect: (o, n) => [
      ...fail(e.firedAt(o, n.of('orders-stopped-warning'), 15) !== undefined, 'the orders-stopped alarm never fired'),
      ...fail(e.pages(o).length === 0, `paged: ${e.pages(o).map((d) => d.alarmName).join(', ')}`),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
    ],
  },
  {
    name: 'lambda-throttles',
    summary: 'Lambda throttles a third of the invocations of every function for 10 minutes: a throttles warning per function',
    minutes: 30,
    startHour: 19,
    peak: 20,
    phases: [{ fromMinute: 5, toMinute: 15, lambdaThrottling: { '*': 1 / 3 } }],
    expect: (o, n) =>
      ['create-order', 'get-order', 'list-orders'].flatMap((fn) => fail(e.firedAt(o, n.of(`${fn}-throttles-warning`)) !== undefined, `the ${fn} throttles alarm never fired`)),
  },
  {
    name: 'slack-down',
    summary: 'Slack answers 500 while every request fails: the alert is not lost — delivered or in the dead letter queue, and that pages',
    minutes: 45,
    startHour: 12,
    peak: 30,
    phases: [
      { fromMinute: 5, toMinute: 20, dynamoDb: { kind: 'server-error' } },
      { fromMinute: 0, toMinute: 30, slackDown: true },
    ],
    expect: (o, n) => {
      const critical = o.deliveries.filter((d) => d.alarmName === n.of('critical') && d.state === 'ALARM');
      return [
        ...fail(critical.length >= 1, 'the critical composite never notified'),
        ...fail(critical.every((d) => d.slack === 'delivered' || d.slack === 'dead-lettered') && (o.deadLetters > 0 || o.slack.length > 0), 'the critical alert was neither delivered nor kept in the dead letter queue'),
        ...fail(e.firedAt(o, n.of('alert-delivery-failed-critical')) !== undefined, 'the alert-delivery alarm never fired on the dead letter queue'),
      ];
    },
  },
];
