import { expectations as e, fail, noPages, noWarnings, type Outcome, type Scenario, within } from './scenario';

/** Slack messages about `alarm` going into `state`: its own, or its tier composite's naming it as the trigger. */
const slackAbout = (o: Outcome, alarm: string, state: 'ALARM' | 'OK', composite: string): string[] =>
  o.slack.map((m) => m.text).filter((text) => text.includes(`${state}: ${alarm} `) || (text.includes(`${state}: ${composite} `) && text.includes(alarm)));

const once = (o: Outcome, alarm: string, state: 'ALARM' | 'OK', composite: string): string[] => {
  const found = slackAbout(o, alarm, state, composite);
  return fail(found.length === 1, `${alarm} going ${state} reached Slack ${found.length} time(s), not once`);
};

/** Alarms whose ALARM or OK reached Slack more than once in a row (an OK between two ALARMs is a new incident). */
const announcedTwice = (o: Outcome): string[] => {
  const last = new Map<string, string>();
  const twice = new Set<string>();
  for (const { text } of o.slack) {
    const match = /(ALARM|OK): (\S+) /.exec(text);
    if (match === null) continue;
    const [, state, alarm] = match as unknown as [string, string, string];
    if (last.get(alarm) === state) twice.add(`${alarm} ${state}`);
    last.set(alarm, state);
  }
  return [...twice].map((entry) => `${entry} reached Slack twice in a row`);
};

/** Requests that failed on the server side. */
const failed = (o: Outcome): number => Object.entries(o.statuses).reduce((sum, [status, count]) => sum + (Number(status) >= 500 ? count : 0), 0);

/** The alert path's own drills: masking, low traffic, the notifier and its topics failing. */
export const ALERTING_SCENARIOS: readonly Scenario[] = [
  {
    name: 'masked-warning',
    summary: 'orders stop for two hours (a warning that stays in ALARM); an hour in, a client floods invalid orders: that second warning still reaches Slack, and each recovery is announced once',
    minutes: 150,
    startHour: 14,
    peak: 30,
    phases: [
      { fromMinute: 5, toMinute: 125, onlyKinds: ['get', 'list'] },
      { fromMinute: 100, toMinute: 110, extra: [{ kind: 'create-invalid', perMinute: 40 }] },
    ],
    expect: (o, n) => {
      const stopped = n.of('orders-stopped-warning');
      const surge = n.of('invalid-orders-surge-warning');
      const warning = n.of('warning');
      const stoppedAt = e.firedAt(o, stopped) ?? Number.POSITIVE_INFINITY;
      const surgeAt = e.firedAt(o, surge, 100);
      return [
        ...fail(surgeAt !== undefined && surgeAt - stoppedAt >= 55, `the surge fired at ${surgeAt ?? 'never'} min, not about an hour after orders-stopped (${stoppedAt} min)`),
        ...fail(e.notified(o, 'warning', 'ALARM').length === 1, `the warning composite notified ALARM ${e.notified(o, 'warning', 'ALARM').length} times, not once: the drill needs it held in ALARM`),
        ...once(o, stopped, 'ALARM', warning),
        ...once(o, stopped, 'OK', warning),
        // A 5-minute business alarm may flap as its last period fills; each episode is announced, its ALARM then its OK.
        ...fail(slackAbout(o, surge, 'ALARM', warning).length >= 1, `${surge} never reached Slack while ${stopped} held the warning composite`),
        ...fail(slackAbout(o, surge, 'ALARM', warning).length === slackAbout(o, surge, 'OK', warning).length, `${surge}: not every ALARM reached Slack with its recovery`),
        ...announcedTwice(o),
        ...noPages(o),
      ];
    },
  },
  {
    name: 'critical-during-warning',
    summary: 'orders stop (a warning in ALARM); half an hour later DynamoDB fails every call for 15 minutes: the critical composite pages once, and each tier announces its recovery once',
    minutes: 120,
    startHour: 14,
    peak: 30,
    phases: [
      { fromMinute: 5, toMinute: 90, onlyKinds: ['get', 'list'] },
      { fromMinute: 65, toMinute: 80, dynamoDb: { kind: 'server-error' } },
    ],
    expect: (o, n) => {
      const critical = n.of('critical');
      const warning = n.of('warning');
      const warnedAt = e.firedAt(o, warning) ?? Number.POSITIVE_INFINITY;
      const pages = e.pages(o).filter((d) => d.alarmName === critical);
      const pagedAt = pages[0] === undefined ? undefined : (pages[0].at - o.start) / 60_000;
      return [
        ...fail(pages.length === 1, `${pages.length} pages, not 1`),
        ...fail(
          pagedAt !== undefined && pagedAt > warnedAt && pagedAt <= 72,
          `paged at ${pagedAt ?? 'never'} min, not within 7 minutes of the failure (65) while the warning (${warnedAt} min) was in ALARM`,
        ),
        ...fail(e.notified(o, 'critical', 'OK').length === 1, `the critical recovery was announced ${e.notified(o, 'critical', 'OK').length} times, not once`),
        ...fail(e.notified(o, 'warning', 'OK').length === 1, `the warning recovery was announced ${e.notified(o, 'warning', 'OK').length} times, not once`),
        // The warning that was in ALARM when the critical fired recovers once the orders come back, while the burn-rate warnings hold the warning composite.
        ...once(o, n.of('orders-stopped-warning'), 'ALARM', warning),
        ...once(o, n.of('orders-stopped-warning'), 'OK', warning),
        ...announcedTwice(o),
      ];
    },
  },
  {
    name: 'quiet-night',
    summary: 'a quiet night (a request or two a minute) with one failed request an hour: nobody is paged or warned',
    minutes: 4 * 60,
    short: { minutes: 150 },
    startHour: 1,
    peak: 12,
    phases: [{ fromMinute: 20, oneFailureEvery: 60 }],
    expect: (o) => [
      ...fail(failed(o) >= Math.floor((o.end - o.start) / 3_600_000) && failed(o) <= Math.ceil((o.end - o.start) / 3_600_000) + 1, `${failed(o)} failed requests, not about one an hour`),
      ...noPages(o),
      ...noWarnings(o),
    ],
  },
  {
    name: 'quiet-function-fails',
    summary:
      'at night every function starts failing every request (a request or two a minute, under the error-rate alarms’ floor); once the API recovers, fulfilOrder alone goes on failing every batch: each quiet-failure alarm fires within 10 minutes',
    minutes: 65,
    startHour: 3,
    peak: 12,
    phases: [
      // fulfilOrder gets nothing to fail on while createOrder fails: no order is placed, no message sent.
      { fromMinute: 15, toMinute: 45, lambdaTimeouts: { '*': 1 } },
      { fromMinute: 45, lambdaTimeouts: { fulfilOrder: 1 } },
      { fromMinute: 0, extra: [{ kind: 'unknown-route', perMinute: 1 }] },
    ],
    expect: (o, n) => [
      ...['create-order', 'get-order', 'list-orders', 'route-not-found'].flatMap((fn) => {
        const tier = fn === 'route-not-found' ? 'warning' : 'critical';
        const at = e.firedAt(o, n.of(`${fn}-quiet-failures-${tier}`), 15);
        return fail(within(at, 25), `${fn}'s quiet-failures alarm fired at ${at ?? 'never'} min, not within 10 minutes of the failures (minute 15)`);
      }),
      ...fail(
        within(e.firedAt(o, n.of('fulfil-order-quiet-failures-warning'), 45), 55),
        `fulfil-order's quiet-failures alarm fired at ${e.firedAt(o, n.of('fulfil-order-quiet-failures-warning'), 45) ?? 'never'} min, not within 10 minutes of its failures (minute 45)`,
      ),
    ],
  },
  {
    name: 'notifier-throttled',
    summary: 'Lambda throttles the Slack notifier for 25 minutes while every request fails: its throttles and event-age alarms page directly, and the held alerts reach Slack once it runs again',
    minutes: 45,
    startHour: 12,
    peak: 30,
    phases: [
      { fromMinute: 10, toMinute: 25, dynamoDb: { kind: 'server-error' } },
      { fromMinute: 5, toMinute: 30, alertPath: { notifierThrottled: true } },
    ],
    expect: (o, n) => {
      const pagedFor = (alarm: string) => e.pages(o).some((d) => d.alarmName === alarm);
      return [
        ...fail(pagedFor(n.of('slack-notifier-throttles-critical')), 'the notifier throttles alarm did not page'),
        ...fail(pagedFor(n.of('slack-notifier-event-age-critical')), 'the notifier event-age alarm did not page'),
        ...fail(pagedFor(n.of('critical')), 'the critical composite did not page (its email and pager do not go through the notifier)'),
        ...fail(
          o.slack.some((m) => m.at >= o.start + 30 * 60_000 && m.text.includes(`ALARM: ${n.of('critical')} `)),
          'the critical alert held while the notifier was throttled never reached Slack',
        ),
      ];
    },
  },
  {
    name: 'alert-path-broken',
    summary: 'Slack is down and the notifier’s dead letter queue refuses messages while every request fails: the lost alerts page (notifier errors, dropped events, destination failures)',
    minutes: 30,
    startHour: 12,
    peak: 30,
    phases: [
      { fromMinute: 5, toMinute: 20, dynamoDb: { kind: 'server-error' } },
      { fromMinute: 0, toMinute: 25, slackDown: true, alertPath: { deadLetterQueueDown: true } },
    ],
    expect: (o, n) =>
      ['slack-notifier-errors', 'slack-notifier-events-dropped', 'slack-notifier-destination-failures'].flatMap((signal) =>
        fail(
          e.pages(o).some((d) => d.alarmName === n.of(`${signal}-critical`)),
          `${signal} did not page`,
        ),
      ),
  },
  {
    name: 'topic-delivery-failing',
    summary: 'SNS cannot invoke the notifier from the critical topic, then from the warning topic: each failure is reported through the other tier’s topic',
    minutes: 90,
    short: { minutes: 90 },
    startHour: 12,
    peak: 30,
    phases: [
      { fromMinute: 0, toMinute: 45, alertPath: { failingTopics: ['critical'] } },
      { fromMinute: 10, toMinute: 25, dynamoDb: { kind: 'server-error' } },
      { fromMinute: 45, toMinute: 90, alertPath: { failingTopics: ['warning'] } },
      { fromMinute: 60, toMinute: 72, extra: [{ kind: 'create-invalid', perMinute: 40 }] },
    ],
    expect: (o, n) => {
      const criticalTopic = n.of('critical-topic-delivery-failed-critical');
      const warningTopic = n.of('warning-topic-delivery-failed-critical');
      return [
        ...fail(
          o.slack.some((m) => m.text.includes(`ALARM: ${criticalTopic} `)),
          'the critical topic’s failed deliveries never reached Slack through the warning topic',
        ),
        ...fail(
          e.pages(o).some((d) => d.alarmName === warningTopic),
          'the warning topic’s failed deliveries did not page through the critical topic',
        ),
      ];
    },
  },
];
