import { type AlarmEvent, type ChangeEvent, type DeliveryEvent, isIgnored, readDeliveryEvent, type StackEvent } from '../../../handlers/delivery/delivery-events';
import { type DerivedRecords, deriveRecords } from '../../../handlers/delivery/derive-records';
import { seededRandom } from '../../../tools/drill/traffic';
import { type CodeDeployState, codeDeployDeploymentEvent, type StackStatus, stackIdOf, stackStatusChangeEvent } from '../../../tools/emulators/codedeploy/events';
import { ORDERS_PROD_DELIVERY } from '../../support/delivery-config';

const ORIGIN = { region: 'us-east-1', accountId: '123456789012' };
const CONFIG = ORDERS_PROD_DELIVERY;
const INCIDENT_ALARM = CONFIG.incidentAlarm;
const STACK_ID = stackIdOf(CONFIG.stackName, ORIGIN, '5b1d6a50-c9e1-11f0-9c3a-0a8e4c1f2b3d');
const ALIAS_FAILED = 'The following resource(s) failed to update: [CreateOrderLambdaAliasLive].';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
/** `minutes` after T0, epoch ms. */
const at = (minutes: number): number => T0 + minutes * MINUTE;

/** An EventBridge event as the function records it: read with the service's configuration. */
function recorded(event: unknown): DeliveryEvent {
  const read = readDeliveryEvent(event, CONFIG);
  if (isIgnored(read)) throw new Error(`the test's event was ignored: ${read.ignored}`);
  return read;
}

/** CloudFormation's status change of the service's stack, `minute` minutes after T0. */
const stack = (status: StackStatus, minute: number, reason = ''): DeliveryEvent =>
  recorded(stackStatusChangeEvent({ stackId: STACK_ID, status, reason, clientRequestToken: `deploy-${minute}`, at: at(minute) }, ORIGIN));

/** A status a stack create goes through (the drills' builder makes updates only). */
const createStatus = (status: string, minute: number, reason = ''): StackEvent => ({ kind: 'stack', id: `create-${status}-${minute}`, at: at(minute), status, reason });

/** CodeDeploy's state change of deployment `deploymentId` of the function `fn`'s group. */
const codeDeploy = (deploymentId: string, fn: string, state: CodeDeployState, minute: number): DeliveryEvent =>
  recorded(codeDeployDeploymentEvent({ application: 'orders-prod', deploymentGroup: `orders-prod-${fn}`, deploymentId, state, at: at(minute) }, ORIGIN));

/** The plugin's announcement of the deploy it is about to make. */
const change = (minute: number, detail: Partial<Omit<ChangeEvent, 'kind' | 'id' | 'at'>> = {}): ChangeEvent => ({ kind: 'change', id: `change-${minute}`, at: at(minute), fix: false, ...detail });

/** An alarm's state change at `atMs`; an alarm leaving a state says since when it was in it. */
const alarm = (alarmName: string, from: string, to: string, atMs: number, previousSince?: number): AlarmEvent => ({
  kind: 'alarm',
  id: `${alarmName}-${to}-${atMs}`,
  at: atMs,
  alarmName,
  state: to,
  previousState: from,
  ...(previousSince === undefined ? {} : { previousSince }),
  reason: `Threshold Crossed: went ${to}`,
  runbook: 'https://runbooks.example.com/orders/api-errors.md',
});

/** The incident alarm going into ALARM at `openedAt` and, when `closedAt` is given, back to OK then. */
const incident = (openedAt: number, closedAt?: number): AlarmEvent[] => [
  alarm(INCIDENT_ALARM, 'OK', 'ALARM', openedAt, openedAt - 3 * 60 * MINUTE),
  ...(closedAt === undefined ? [] : [alarm(INCIDENT_ALARM, 'ALARM', 'OK', closedAt, openedAt)]),
];

/** A stack update from `start` to `end` (minutes after T0) that completed. */
const update = (start: number, end: number): DeliveryEvent[] => [stack('UPDATE_IN_PROGRESS', start), stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', end - 1), stack('UPDATE_COMPLETE', end)];

const derive = (events: readonly DeliveryEvent[], changeWindowMinutes = 60): DerivedRecords => deriveRecords(events, { incidentAlarm: INCIDENT_ALARM, changeWindowMinutes });

/** The drills' seeded generator (mulberry32): the same shuffles on every run. */
const seeded = seededRandom;

/** A copy of `items` in the order a Fisher–Yates shuffle with `random` gives. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('deriveRecords', () => {
  describe('deployments', () => {
    it('makes a stack update that completes one succeeded deployment, from its start to its end', () => {
      // Act
      const { deployments } = derive(update(0, 5));

      // Assess
      expect(deployments).toEqual([{ id: `stack@${at(0)}`, source: 'stack', startedAt: at(0), endedAt: at(5), outcome: 'succeeded', rework: false, codeDeployments: [] }]);
    });

    it('makes a stack update that rolls back a rolled-back deployment, with CloudFormation’s reason for it', () => {
      // Prepare
      const events = [
        stack('UPDATE_IN_PROGRESS', 0),
        stack('UPDATE_ROLLBACK_IN_PROGRESS', 6, `${ALIAS_FAILED} `),
        stack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 8),
        stack('UPDATE_ROLLBACK_COMPLETE', 9),
      ];

      // Act
      const { deployments } = derive(events);

      // Assess
      expect(deployments).toEqual([{ id: `stack@${at(0)}`, source: 'stack', startedAt: at(0), endedAt: at(9), outcome: 'rolled-back', reason: ALIAS_FAILED, rework: false, codeDeployments: [] }]);
    });

    it.each([
      [
        'a create that rolled back',
        [createStatus('CREATE_IN_PROGRESS', 0), createStatus('ROLLBACK_IN_PROGRESS', 3, 'The following resource(s) failed to create: [OrdersTable].'), createStatus('ROLLBACK_COMPLETE', 5)],
      ],
      [
        'an update whose rollback failed',
        [stack('UPDATE_IN_PROGRESS', 0), stack('UPDATE_ROLLBACK_IN_PROGRESS', 3, 'The following resource(s) failed to update: [OrdersTable].'), createStatus('UPDATE_ROLLBACK_FAILED', 5)],
      ],
    ])('makes %s a failed deployment, with the reason it rolled back', (_what, events) => {
      // Act
      const { deployments } = derive(events);

      // Assess
      expect(deployments).toEqual([expect.objectContaining({ startedAt: at(0), endedAt: at(5), outcome: 'failed', reason: expect.stringContaining('[OrdersTable]') })]);
    });

    it('folds the CodeDeploy deployments a stack update runs into it: one deployment, with each function’s last state', () => {
      // Prepare
      const events = [
        stack('UPDATE_IN_PROGRESS', 0),
        codeDeploy('d-CREATE0001', 'create-order', 'START', 1),
        codeDeploy('d-GETORD0001', 'get-order', 'START', 1),
        codeDeploy('d-LISTOR0001', 'list-orders', 'START', 2),
        codeDeploy('d-CREATE0001', 'create-order', 'SUCCESS', 7),
        codeDeploy('d-GETORD0001', 'get-order', 'SUCCESS', 7),
        codeDeploy('d-LISTOR0001', 'list-orders', 'SUCCESS', 8),
        stack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 9),
        stack('UPDATE_COMPLETE', 10),
      ];

      // Act
      const { deployments } = derive(events);

      // Assess
      expect(deployments).toHaveLength(1);
      expect(deployments[0]).toMatchObject({ source: 'stack', startedAt: at(0), endedAt: at(10), outcome: 'succeeded' });
      expect(deployments[0]?.codeDeployments).toEqual(
        expect.arrayContaining([
          { deploymentId: 'd-CREATE0001', group: 'orders-prod-create-order', state: 'SUCCESS', at: at(7) },
          { deploymentId: 'd-GETORD0001', group: 'orders-prod-get-order', state: 'SUCCESS', at: at(7) },
          { deploymentId: 'd-LISTOR0001', group: 'orders-prod-list-orders', state: 'SUCCESS', at: at(8) },
        ]),
      );
      expect(deployments[0]?.codeDeployments).toHaveLength(3);
    });

    it.each([
      ['SUCCESS', 'succeeded'],
      ['STOP', 'rolled-back'],
      ['FAILURE', 'rolled-back'],
    ] as const)('makes a CodeDeploy deployment outside any stack update that ends in %s a %s deployment of its own', (state, outcome) => {
      // Prepare
      const events = [...update(0, 5), codeDeploy('d-7QX2KD9LM', 'create-order', 'START', 20), codeDeploy('d-7QX2KD9LM', 'create-order', state, 26)];

      // Act
      const { deployments } = derive(events);

      // Assess
      expect(deployments).toHaveLength(2);
      expect(deployments[1]).toMatchObject({
        id: 'codedeploy@d-7QX2KD9LM',
        source: 'codedeploy',
        startedAt: at(20),
        endedAt: at(26),
        outcome,
        codeDeployments: [{ deploymentId: 'd-7QX2KD9LM', group: 'orders-prod-create-order', state, at: at(26) }],
      });
    });

    it('gives a CodeDeploy deployment that rolled back a reason naming the deployment, its group and how it ended', () => {
      // Act
      const { deployments } = derive([codeDeploy('d-7QX2KD9LM', 'create-order', 'START', 0), codeDeploy('d-7QX2KD9LM', 'create-order', 'STOP', 4)]);

      // Assess
      expect(deployments[0]?.reason).toEqual(expect.stringContaining('d-7QX2KD9LM'));
      expect(deployments[0]?.reason).toContain('orders-prod-create-order');
      expect(deployments[0]?.reason).toContain('STOP');
    });

    it('gives a deploy the commit, commit time, version and strategy the plugin announced before it', () => {
      // Prepare
      const announced = change(-1, { commit: '9f1c2ab', commitTime: '2026-11-23T09:30:00.000Z', version: '1.4.2', strategy: 'Canary10Percent5Minutes' });

      // Act
      const { deployments } = derive([announced, ...update(0, 5)]);

      // Assess
      expect(deployments).toEqual([expect.objectContaining({ commit: '9f1c2ab', commitTime: at(-30), version: '1.4.2', strategy: 'Canary10Percent5Minutes' })]);
    });

    it('gives a deploy the last change announced before it, and the deploy after it none', () => {
      // Prepare
      const events = [change(-10, { version: '1.4.1', commit: 'aaaaaaa' }), change(-2, { version: '1.4.2' }), ...update(0, 5), ...update(30, 35)];

      // Act
      const { deployments } = derive(events);

      // Assess
      expect(deployments.map((d) => [d.version, d.commit])).toEqual([
        ['1.4.2', undefined],
        [undefined, undefined],
      ]);
    });

    it('gives a change announced in the same second as its stack’s start to that deploy', () => {
      // Prepare
      const sameSecond: ChangeEvent = { ...change(0, { version: '1.4.2' }), id: 'zzzz-announced-last' };

      // Act
      const { deployments } = derive([...update(0, 5), sameSecond]);

      // Assess
      expect(deployments[0]?.version).toBe('1.4.2');
    });

    it.each([
      ['a stack update', [stack('UPDATE_ROLLBACK_IN_PROGRESS', 6, ALIAS_FAILED), stack('UPDATE_ROLLBACK_COMPLETE', 9)], stack('UPDATE_IN_PROGRESS', 0)],
      ['a CodeDeploy deployment', [codeDeploy('d-7QX2KD9LM', 'create-order', 'STOP', 9)], codeDeploy('d-7QX2KD9LM', 'create-order', 'START', 0)],
    ])('makes no deployment of %s whose end is stored without its start, until the start is', (_what, ends, start) => {
      // Act
      const before = derive(ends);
      const after = derive([...ends, start]);

      // Assess
      expect(before.deployments).toEqual([]);
      expect(after.deployments).toEqual([expect.objectContaining({ startedAt: at(0), endedAt: at(9), outcome: 'rolled-back' })]);
    });

    it('makes a CodeDeploy deployment that starts and ends within one second one finished deployment', () => {
      // Prepare: EventBridge's times are to the second, so only the ids order them, and here the end's sorts first.
      const start = { ...codeDeploy('d-7QX2KD9LM', 'create-order', 'START', 0), id: 'ffffffff-start' };
      const end = { ...codeDeploy('d-7QX2KD9LM', 'create-order', 'SUCCESS', 0), id: '00000000-success' };

      // Act
      const { deployments } = derive([start, end]);

      // Assess
      expect(deployments).toEqual([expect.objectContaining({ id: 'codedeploy@d-7QX2KD9LM', startedAt: at(0), endedAt: at(0), outcome: 'succeeded' })]);
    });
  });

  describe('the order events arrive in', () => {
    /** A day: a change and a deploy with canaries, an incident it caused, a fix marked as one, a warning alarm. */
    const day: DeliveryEvent[] = [
      change(-1, { commit: '9f1c2ab', commitTime: '2026-11-23T09:30:00.000Z', version: '1.4.2' }),
      stack('UPDATE_IN_PROGRESS', 0),
      codeDeploy('d-CREATE0001', 'create-order', 'START', 1),
      codeDeploy('d-GETORD0001', 'get-order', 'START', 1),
      codeDeploy('d-CREATE0001', 'create-order', 'SUCCESS', 7),
      codeDeploy('d-GETORD0001', 'get-order', 'SUCCESS', 8),
      stack('UPDATE_COMPLETE', 10),
      alarm('orders-prod-api-5xx-rate-warning', 'OK', 'ALARM', at(14) + 203),
      ...incident(at(15) + 412, at(52) + 88),
      change(30, { version: '1.4.3', fix: true }),
      stack('UPDATE_IN_PROGRESS', 31),
      codeDeploy('d-CREATE0002', 'create-order', 'START', 32),
      codeDeploy('d-CREATE0002', 'create-order', 'STOP', 36),
      stack('UPDATE_ROLLBACK_IN_PROGRESS', 36, ALIAS_FAILED),
      stack('UPDATE_ROLLBACK_COMPLETE', 40),
      codeDeploy('d-CREATE0003', 'create-order', 'START', 45),
      codeDeploy('d-CREATE0003', 'create-order', 'SUCCESS', 50),
      alarm('orders-prod-api-5xx-rate-warning', 'ALARM', 'OK', at(53) + 5, at(14) + 203),
    ];

    it.each([1, 2, 3, 4, 5, 6, 7, 8])('derives the same records from the events shuffled (seed %d) and some delivered twice', (seed) => {
      // Prepare
      const random = seeded(seed);
      const redelivered = day.filter(() => random() < 0.4);
      const arrived = shuffled([...day, ...redelivered], random);

      // Act
      const records = derive(arrived);

      // Assess
      expect(arrived).not.toEqual(day);
      expect(records).toEqual(derive(day));
    });

    it('derives from the day in time order the deployments, the incident and its cause', () => {
      // Act
      const records = derive(day);

      // Assess
      expect(records.deployments.map((d) => [d.id, d.outcome, d.rework, d.codeDeployments.length])).toEqual([
        [`stack@${at(0)}`, 'succeeded', false, 2],
        [`stack@${at(31)}`, 'rolled-back', true, 1],
        ['codedeploy@d-CREATE0003', 'succeeded', true, 1],
      ]);
      expect(records.incidents).toEqual([
        { id: `${INCIDENT_ALARM}@${at(15) + 412}`, alarmName: INCIDENT_ALARM, openedAt: at(15) + 412, closedAt: at(52) + 88, causedBy: `stack@${at(0)}`, openingSeen: true },
      ]);
      expect(records.transitions).toHaveLength(4);
    });
  });

  describe('incidents', () => {
    it('makes the incident alarm going into ALARM and back to OK one incident, from the one to the other', () => {
      // Act
      const { incidents } = derive(incident(at(20) + 415, at(47) + 9));

      // Assess
      expect(incidents).toEqual([{ id: `${INCIDENT_ALARM}@${at(20) + 415}`, alarmName: INCIDENT_ALARM, openedAt: at(20) + 415, closedAt: at(47) + 9, openingSeen: true }]);
    });

    it('keeps an incident whose alarm is still in ALARM open', () => {
      // Act
      const { incidents } = derive(incident(at(20)));

      // Assess
      expect(incidents).toEqual([{ id: `${INCIDENT_ALARM}@${at(20)}`, alarmName: INCIDENT_ALARM, openedAt: at(20), openingSeen: true }]);
    });

    it('makes an incident whose OK arrives before its ALARM whole, opened when the OK says the ALARM began, and its opening unseen until the ALARM arrives', () => {
      // Prepare
      const [opening, closing] = incident(at(20) + 415, at(47) + 9) as [AlarmEvent, AlarmEvent];

      // Act
      const closeOnly = derive([closing]);
      const both = derive([closing, opening]);

      // Assess
      expect(closeOnly.incidents).toEqual([{ id: `${INCIDENT_ALARM}@${at(20) + 415}`, alarmName: INCIDENT_ALARM, openedAt: at(20) + 415, closedAt: at(47) + 9, openingSeen: false }]);
      expect(both.incidents).toEqual([{ ...closeOnly.incidents[0], openingSeen: true }]);
    });

    it('makes two ALARMs of the incident alarm, each followed by OK, two incidents', () => {
      // Act
      const { incidents } = derive([...incident(at(20), at(30)), ...incident(at(90), at(95))]);

      // Assess
      expect(incidents.map((i) => [i.openedAt, i.closedAt])).toEqual([
        [at(20), at(30)],
        [at(90), at(95)],
      ]);
    });

    it('opens no incident for the service’s other alarms, but lists every alarm change in time order as a transition', () => {
      // Prepare
      const warning = 'orders-prod-api-5xx-rate-warning';
      const events = [alarm(warning, 'ALARM', 'OK', at(30), at(10)), alarm(warning, 'OK', 'ALARM', at(10), at(0)), ...incident(at(20), at(25))];

      // Act
      const { incidents, transitions } = derive(events);

      // Assess
      expect(incidents.map((i) => i.alarmName)).toEqual([INCIDENT_ALARM]);
      expect(transitions).toEqual([
        { alarmName: warning, at: at(10), from: 'OK', to: 'ALARM', reason: 'Threshold Crossed: went ALARM', runbook: 'https://runbooks.example.com/orders/api-errors.md' },
        { alarmName: INCIDENT_ALARM, at: at(20), from: 'OK', to: 'ALARM', reason: 'Threshold Crossed: went ALARM', runbook: 'https://runbooks.example.com/orders/api-errors.md' },
        { alarmName: INCIDENT_ALARM, at: at(25), from: 'ALARM', to: 'OK', reason: 'Threshold Crossed: went OK', runbook: 'https://runbooks.example.com/orders/api-errors.md' },
        { alarmName: warning, at: at(30), from: 'ALARM', to: 'OK', reason: 'Threshold Crossed: went OK', runbook: 'https://runbooks.example.com/orders/api-errors.md' },
      ]);
    });
  });

  describe('rework', () => {
    it('marks a deployment that starts while an incident is open as rework, because of the incident', () => {
      // Act
      const { deployments } = derive([...incident(at(0), at(30)), ...update(10, 15)]);

      // Assess
      expect(deployments).toEqual([expect.objectContaining({ rework: true, reworkReason: 'incident-open' })]);
    });

    it('marks a deployment announced as a fix as rework, with no incident open', () => {
      // Act
      const { deployments } = derive([change(-1, { fix: true }), ...update(0, 5)]);

      // Assess
      expect(deployments).toEqual([expect.objectContaining({ rework: true, reworkReason: 'marked-fix' })]);
    });

    it('does not mark a deployment that starts after the incident closed as rework', () => {
      // Act
      const { deployments } = derive([...incident(at(0), at(30)), ...update(30, 35)]);

      // Assess
      expect(deployments).toEqual([expect.objectContaining({ rework: false })]);
      expect(deployments[0]).not.toHaveProperty('reworkReason');
    });
  });

  describe('the change that caused an incident', () => {
    it('takes the deployment running when the incident opened as its cause', () => {
      // Act
      const { incidents } = derive([...update(0, 20), ...incident(at(12), at(40))]);

      // Assess
      expect(incidents[0]?.causedBy).toBe(`stack@${at(0)}`);
    });

    it('takes a CodeDeploy deployment still running when the incident opened as its cause', () => {
      // Act
      const { incidents } = derive([codeDeploy('d-7QX2KD9LM', 'create-order', 'START', 0), ...incident(at(3))]);

      // Assess
      expect(incidents[0]?.causedBy).toBe('codedeploy@d-7QX2KD9LM');
    });

    it.each([
      ['ended exactly the change window before', 0, `stack@${at(0)}`],
      ['ended a minute more than the change window before', 1, undefined],
    ])('takes a deployment that %s as the cause or not', (_what, minutesBeyond, cause) => {
      // Prepare: a 30-minute window; the deploy ends at minute 5.
      const events = [...update(0, 5), ...incident(at(5 + 30 + minutesBeyond), at(80))];

      // Act
      const { incidents } = derive(events, 30);

      // Assess
      expect(incidents[0]?.causedBy).toBe(cause);
    });

    it('takes the last deployment before the incident as its cause when two are within the window', () => {
      // Act
      const { incidents } = derive([...update(0, 5), ...update(10, 15), ...incident(at(20), at(40))]);

      // Assess
      expect(incidents[0]?.causedBy).toBe(`stack@${at(10)}`);
    });

    it('never takes a deployment that started after the incident opened as its cause', () => {
      // Act
      const { incidents } = derive([...incident(at(10), at(40)), ...update(11, 16)]);

      // Assess
      expect(incidents[0]).not.toHaveProperty('causedBy');
    });
  });
});
