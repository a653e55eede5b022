import { expectations as e, fail, noPages, noWarnings, type Scenario, within } from './scenario';
import { ALERTING_SCENARIOS } from './scenarios-alerting';
import { ASYNC_SCENARIOS } from './scenarios-async';
import { DEPLOYMENT_SCENARIOS } from './scenarios-deployments';
import { SIGNAL_SCENARIOS } from './scenarios-signals';

/**
 * The drills: each drives the real orders handlers through a stretch of a shop's day with one kind
 * of trouble, and says what must and must not reach people. Minutes are simulated.
 */
const SERVICE_SCENARIOS: readonly Scenario[] = [
  {
    name: 'healthy-day',
    summary: 'a whole day of ordinary traffic, with the usual invalid orders and unknown ids: no page, no warning',
    minutes: 24 * 60,
    short: { minutes: 3 * 60 },
    startHour: 6,
    peak: 20,
    phases: [],
    expect: (o) => [
      ...fail(
        e.pages(o).length === 0,
        `paged ${e.pages(o).length} time(s): ${e
          .pages(o)
          .map((d) => d.alarmName)
          .join(', ')}`,
      ),
      ...noWarnings(o),
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
        ...fail(
          o.slack.some((m) => /ALARM|critical/i.test(m.text)),
          'no critical message reached Slack',
        ),
      ];
    },
  },
  {
    name: 'error-leak',
    summary: '2% of data requests fail for 4½ hours from 21:30: a burn-rate warning within the hour, no page',
    minutes: 5 * 60,
    short: { minutes: 90 },
    startHour: 21,
    peak: 60,
    phases: [{ fromMinute: 30, dynamoDb: { kind: 'server-error', probability: 0.02 } }],
    expect: (o, n) => {
      const warned = e.firedAt(o, n.of('orders-api-burn-warning'), 30);
      return [
        ...fail(within(warned, 90), `the burn-rate warning fired at ${warned ?? 'never'} min, not within an hour of the leak (minute 30)`),
        ...noPages(o),
        ...fail(
          e.notified(o, 'warning', 'ALARM').some((d) => d.alarmName === n.of('warning')),
          'the warning tier did not notify',
        ),
      ];
    },
  },
  {
    name: 'slow-dependency',
    summary: 'one DynamoDB call in 15 takes 1.2 s for 20 minutes: p99 latency over the 1000 ms SLO, a warning',
    minutes: 40,
    short: { minutes: 26, peak: 15 },
    startHour: 12,
    peak: 30,
    phases: [{ fromMinute: 5, toMinute: 25, dynamoDb: { kind: 'delay', ms: 1200, probability: 1 / 15 } }],
    expect: (o, n) => [
      ...fail(e.firedAt(o, n.of('api-latency-p99-warning')) !== undefined, 'the API p99 latency warning never fired'),
      ...noPages(o),
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
      ...fail(
        ['read', 'write'].some((access) => e.firedAt(o, n.of(`dynamodb-orders-${access}-throttles-warning`), 10) !== undefined),
        'neither of the table’s DynamoDB throttle alarms (read, write) fired',
      ),
      ...fail(e.firedAt(o, n.of('api-5xx-rate-critical'), 10) !== undefined, 'the API 5XX rate alarm never fired'),
      ...fail(e.firedAt(o, n.of('critical'), 10) !== undefined, 'the critical composite never fired'),
      ...fail(e.pages(o).length === 1, `${e.pages(o).length} pages, not 1`),
    ],
  },
  {
    name: 'orders-stop',
    summary: 'nobody places an order for 75 minutes (reads go on): the business alarm warns 30 minutes after the last order',
    minutes: 105,
    startHour: 14,
    peak: 30,
    phases: [{ fromMinute: 15, toMinute: 90, onlyKinds: ['get', 'list'] }],
    expect: (o, n) => [
      ...fail(
        within(e.firedAt(o, n.of('orders-stopped-warning'), 15), 47),
        `the orders-stopped alarm fired at ${e.firedAt(o, n.of('orders-stopped-warning'), 15) ?? 'never'} min, not about 30 minutes after the last order (minute 15)`,
      ),
      ...noPages(o),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
    ],
  },
  {
    name: 'lambda-throttles',
    summary: 'Lambda throttles a third of the invocations of every function for 10 minutes (fulfilOrder’s batches are tried again a second later): a throttles warning per function',
    minutes: 30,
    startHour: 19,
    peak: 20,
    phases: [
      { fromMinute: 5, toMinute: 15, lambdaThrottling: { '*': 1 / 3 } },
      // A crawler probing for paths the API does not have: routeNotFound has invocations to throttle.
      { fromMinute: 0, extra: [{ kind: 'unknown-route', perMinute: 6 }] },
    ],
    expect: (o, n) =>
      ['create-order', 'get-order', 'list-orders', 'fulfil-order', 'route-not-found'].flatMap((fn) =>
        fail(e.firedAt(o, n.of(`${fn}-throttles-warning`)) !== undefined, `the ${fn} throttles alarm never fired`),
      ),
  },
  {
    name: 'bad-deploy',
    summary: 'an all-at-once deploy ships a version whose every invocation hangs until its 10 s timeout, reverted by hand 28 minutes later: alerts wait for the deploy to end, then page once',
    minutes: 60,
    startHour: 11,
    peak: 50,
    // CloudFormation alone moves the functions (minute 10 → 12, complete at 16); the team redeploys version 1 at minute 38.
    deploy: { atMinute: 10, strategy: 'AllAtOnce', newVersion: { hangShare: 1 }, revertAtMinute: 38 },
    phases: [
      // A crawler probing for paths the API does not have: routeNotFound gets enough traffic to alarm on.
      { fromMinute: 0, extra: [{ kind: 'unknown-route', perMinute: 12 }] },
    ],
    expect: (o, n) => {
      const pages = e.pages(o).filter((d) => d.alarmName === n.of('critical'));
      const deployEnded = o.start + 16 * 60_000;
      return [
        ...fail(e.firedAt(o, n.of('deploy-in-progress-info')) !== undefined, 'the deploy marker alarm never fired'),
        ...fail(
          o.transitions.some((t) => t.alarmName === n.of('critical') && t.to === 'ALARM' && t.suppressed),
          'the critical composite’s ALARM during the deploy was not held back',
        ),
        ...fail(pages.length === 1, `${pages.length} pages for one bad deploy, not 1`),
        ...fail(
          pages.every((d) => d.at >= deployEnded),
          `paged during the deploy, at ${pages.map((d) => (d.at - o.start) / 60_000).join(', ')} min`,
        ),
        ...fail(e.recovered(o, n.of('critical')), 'no recovery after the rollback'),
        ...['create-order', 'get-order', 'list-orders', 'route-not-found'].flatMap((fn) => [
          ...fail(e.firedAt(o, n.of(`${fn}-errors-warning`), 12) !== undefined, `the ${fn} errors alarm never fired`),
          ...fail(e.firedAt(o, n.of(`${fn}-duration-p99-warning`), 12) !== undefined, `the ${fn} p99 duration alarm never fired`),
        ]),
      ];
    },
  },
  {
    name: 'broken-client',
    summary: 'a client release sends 40 invalid orders a minute for 20 minutes: the invalid-orders warning; the 4XX rate shows on dashboards only; no page',
    minutes: 30,
    startHour: 15,
    peak: 30,
    phases: [{ fromMinute: 5, toMinute: 25, extra: [{ kind: 'create-invalid', perMinute: 40 }] }],
    expect: (o, n) => [
      ...fail(e.firedAt(o, n.of('invalid-orders-surge-warning'), 5) !== undefined, 'the invalid-orders surge alarm never fired'),
      ...fail(e.firedAt(o, n.of('api-4xx-rate-info'), 5) !== undefined, 'the API 4XX rate info alarm never fired'),
      ...fail(e.notified(o, 'warning', 'ALARM').length >= 1, 'the warning tier did not notify'),
      ...noPages(o),
      ...fail(
        o.deliveries.every((d) => d.via !== 'sns' || !d.alarmName.endsWith('-info')),
        `an info alarm notified: ${o.deliveries
          .filter((d) => d.via === 'sns' && d.alarmName.endsWith('-info'))
          .map((d) => d.alarmName)
          .join(', ')}`,
      ),
    ],
  },
  {
    name: 'orders-dip',
    summary: 'after two ordinary days, the storefront loses 70% of its visitors for two hours (nothing fails): orders below the learned band, on dashboards; no page, no warning',
    minutes: 210,
    startHour: 11,
    peak: 20,
    short: { peak: 8 },
    warmUpMinutes: 2 * 24 * 60,
    phases: [{ fromMinute: 30, toMinute: 150, traffic: 0.3 }],
    expect: (o, n) => {
      const below = n.of('orders-below-normal-info');
      return [
        ...fail(e.firedAt(o, below, 30) !== undefined, 'the orders-below-normal anomaly alarm never fired during the dip'),
        ...fail(e.firedAt(o, below) === e.firedAt(o, below, 30), 'the anomaly alarm was in ALARM before the dip'),
        ...fail(e.recovered(o, below), 'the anomaly alarm did not recover after the dip'),
        ...noPages(o),
        ...noWarnings(o),
      ];
    },
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
      const critical = o.deliveries.filter((d) => d.via === 'sns' && d.alarmName === n.of('critical') && d.state === 'ALARM');
      return [
        ...fail(critical.length >= 1, 'the critical composite never notified'),
        ...fail(
          critical.every((d) => d.slack === 'delivered' || d.slack === 'dead-lettered') && (o.deadLetters > 0 || o.slack.length > 0),
          'the critical alert was neither delivered nor kept in the dead letter queue',
        ),
        ...fail(e.firedAt(o, n.of('alert-delivery-failed-critical')) !== undefined, 'the alert-delivery alarm never fired on the dead letter queue'),
      ];
    },
  },
];

/** Every drill: the service's own trouble, its deploys, its signals (DynamoDB, concurrency), its asynchronous leg, then the alert path's own. */
export const SCENARIOS: readonly Scenario[] = [...SERVICE_SCENARIOS, ...DEPLOYMENT_SCENARIOS, ...SIGNAL_SCENARIOS, ...ASYNC_SCENARIOS, ...ALERTING_SCENARIOS];
