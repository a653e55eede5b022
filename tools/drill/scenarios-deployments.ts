import { expectations as e, fail, noPages, noWarnings, type Outcome, type Phase, type Scenario } from './scenario';

/** The functions CodeDeploy shifts at the drill's stage, kebab-cased as their alarms name them. */
const SHIFTED = ['create-order', 'get-order', 'list-orders', 'fulfil-order', 'route-not-found'] as const;

/** When the drills' canaries start. */
const DEPLOY_AT = 5;

/**
 * On top of the day's traffic during the canary's first minute: about 40 invocations of every
 * function, so each new version gets its 3 invocations (a tenth of them) before the first alarm poll
 * — the gate's floor — and every function's gate alarm fires in the same minute. fulfilOrder's come
 * from the orders: its batches gather the orders of a second, so it takes more orders than invocations.
 */
const CANARY_TRAFFIC: Phase = {
  fromMinute: DEPLOY_AT,
  toMinute: DEPLOY_AT + 1,
  extra: [
    { kind: 'create', perMinute: 54 },
    { kind: 'get', perMinute: 36 },
    { kind: 'list', perMinute: 38 },
    { kind: 'unknown-route', perMinute: 42 },
  ],
};

/** The deploy's CloudFormation statuses, in order. */
const stackStatuses = (o: Outcome): string[] => o.deployEvents.filter((d) => d.source === 'aws.cloudformation').map((d) => d.state);

/** Slack messages that announce a rolled-back deployment. */
const rollbackMessages = (o: Outcome) => o.slack.filter((m) => /roll(ed)?[ -]?back/i.test(m.text));

/** Every function's `signal` gate alarm of version 2 fired, traffic went back, the stack rolled back, one Slack message said so, nobody was paged. */
function rolledBackOn(signal: 'errors' | 'p99') {
  return (o: Outcome, n: { of: (s: string) => string }): string[] => {
    const gates = SHIFTED.map((fn) => n.of(`${fn}-deploy-${signal}-gate-v2`));
    const messages = rollbackMessages(o);
    return [
      ...gates.flatMap((gate) => fail(e.firedAt(o, gate, DEPLOY_AT) !== undefined, `the gate alarm ${gate} never fired`)),
      ...fail(
        o.deployEvents.some((d) => d.source === 'aws.codedeploy' && d.state === 'STOP'),
        `no deployment was stopped: ${o.deployEvents.map((d) => `${d.name} ${d.state}`).join(', ')}`,
      ),
      ...fail(
        stackStatuses(o).join(' ') === 'UPDATE_IN_PROGRESS UPDATE_ROLLBACK_IN_PROGRESS UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS UPDATE_ROLLBACK_COMPLETE',
        `the stack went ${stackStatuses(o).join(' → ')}, not through a rollback`,
      ),
      ...fail(messages.length === 1, `${messages.length} Slack message(s) said the deployment rolled back, not 1: ${o.slack.map((m) => m.text.slice(0, 80)).join(' | ')}`),
      ...fail(
        messages.every((m) => gates.some((gate) => m.text.includes(gate))),
        `the rollback message names no ${signal} gate alarm: ${messages.map((m) => m.text.slice(0, 200)).join(' | ')}`,
      ),
      ...noPages(o),
    ];
  };
}

/**
 * Deploys through CodeDeploy: each drives a stack update that publishes version 2 of every function
 * behind the `live` alias, and says what reaches people when the canary is bad, slow or healthy.
 */
export const DEPLOYMENT_SCENARIOS: readonly Scenario[] = [
  {
    name: 'bad-canary',
    summary: 'a canary (10% for 5 minutes) whose new version fails half its invocations: the gate alarms stop it, traffic goes back to version 1, one Slack message, no page',
    minutes: 25,
    short: { minutes: 14 },
    startHour: 12,
    peak: 20,
    deploy: { atMinute: DEPLOY_AT, strategy: 'Canary10Percent5Minutes', newVersion: { errorShare: 0.5 } },
    phases: [CANARY_TRAFFIC],
    expect: (o, n) => [
      ...rolledBackOn('errors')(o, n),
      ...noWarnings(o),
      ...fail(
        e.notified(o, 'warning', 'ALARM').every((d) => d.alarmName !== n.of('warning')),
        'the warning composite notified',
      ),
    ],
  },
  {
    name: 'slow-canary',
    summary:
      'a canary whose new version takes 1.5 s longer (the 404 route and fulfilOrder, which no SLO counts and whose gates are 80% of their timeout, 8.5 s): the p99 gate alarms stop it, traffic goes back to version 1, no page',
    minutes: 25,
    short: { minutes: 14 },
    startHour: 12,
    peak: 20,
    deploy: { atMinute: DEPLOY_AT, newVersion: { extraLatencyMs: 1500 }, newVersionOf: { routeNotFound: { extraLatencyMs: 8500 }, fulfilOrder: { extraLatencyMs: 8500 } } },
    phases: [CANARY_TRAFFIC],
    expect: rolledBackOn('p99'),
  },
  {
    name: 'good-canary',
    summary: 'a canary of a healthy version: all traffic on version 2 after 5 minutes, the stack update completes, no rollback message, no page',
    minutes: 25,
    short: { minutes: 16 },
    startHour: 12,
    peak: 20,
    deploy: { atMinute: DEPLOY_AT },
    phases: [CANARY_TRAFFIC],
    expect: (o, n) => [
      ...fail(
        SHIFTED.every((fn) => o.deployEvents.some((d) => d.name === n.of(fn) && d.state === 'SUCCESS')),
        `not every deployment succeeded: ${o.deployEvents.map((d) => `${d.name} ${d.state}`).join(', ')}`,
      ),
      ...fail(stackStatuses(o).at(-1) === 'UPDATE_COMPLETE', `the stack update ended ${stackStatuses(o).at(-1) ?? 'never'}, not UPDATE_COMPLETE`),
      ...fail(
        rollbackMessages(o).length === 0,
        `a Slack message said the deployment rolled back: ${rollbackMessages(o)
          .map((m) => m.text.slice(0, 120))
          .join(' | ')}`,
      ),
      ...fail(
        o.transitions.every((t) => !t.alarmName.includes('-deploy-') || !t.alarmName.includes('-gate-') || t.to !== 'ALARM'),
        'a gate alarm fired on a healthy version',
      ),
      ...noPages(o),
      ...noWarnings(o),
    ],
  },
  {
    name: 'broken-build',
    summary:
      'a deploy whose new version throws on every invocation: the pre-traffic hook’s smoke test fails it before any traffic moves, the stack rolls back, one Slack message, no customer sees an error',
    minutes: 15,
    short: { minutes: 8 },
    startHour: 12,
    peak: 20,
    deploy: { atMinute: DEPLOY_AT, newVersion: { errorShare: 1 } },
    phases: [],
    expect: (o, n) => [
      ...fail(
        o.deployEvents.some((d) => d.name === n.of('get-order') && d.state === 'FAILURE'),
        `the smoke-tested getOrder deployment did not fail: ${o.deployEvents.map((d) => `${d.name} ${d.state}`).join(', ')}`,
      ),
      ...fail(stackStatuses(o).includes('UPDATE_ROLLBACK_COMPLETE'), `the stack went ${stackStatuses(o).join(' → ')}, not through a rollback`),
      ...fail((o.statuses[502] ?? 0) === 0, `${o.statuses[502]} request(s) reached the broken version`),
      ...fail(
        rollbackMessages(o).length === 1 && rollbackMessages(o).every((m) => m.text.includes('failed on its own')),
        `not one Slack message saying the deploy failed on its own: ${o.slack.map((m) => m.text.slice(0, 120)).join(' | ')}`,
      ),
      ...noPages(o),
    ],
  },
];
