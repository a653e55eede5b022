import { type CodeDeployDeploymentEvent, type StackStatusChangeEvent, stackIdOf } from '../../../tools/emulators/codedeploy/events';
import { type SimulatedGroup, StackUpdate, type StackUpdateEvent, shiftedShare } from '../../../tools/emulators/codedeploy/stack-update';

const MINUTE = 60_000;
const START = Date.parse('2026-11-23T11:10:00Z');
const ORIGIN = { region: 'us-east-1', accountId: '123456789012' };
const STACK_ID = stackIdOf('periscope-orders-prod', ORIGIN, '5b1d6a50-c9e1-11f0-9c3a-0a8e4c1f2b3d');

const group = (fn: string, overrides: Partial<SimulatedGroup> = {}): SimulatedGroup => ({
  function: fn,
  applicationName: 'orders-prod',
  groupName: `orders-prod-${fn}`,
  strategy: 'Canary10Percent5Minutes',
  alarmNames: [`orders-prod-${fn}-deploy-errors-gate-v2`, 'orders-prod-critical'],
  aliasLogicalId: `${fn}AliasLive`,
  ...overrides,
});

/** One line per event: minute since the start, then what it says. */
const lineOf = (event: StackUpdateEvent): string => {
  const minute = (Date.parse(event.time) - START) / MINUTE;
  if (event.source === 'aws.codedeploy') {
    const { deploymentGroup, state } = (event as CodeDeployDeploymentEvent).detail;
    return `${Math.floor(minute)} ${deploymentGroup} ${state}`;
  }
  return `${Math.floor(minute)} stack ${(event as StackStatusChangeEvent).detail['status-details'].status}`;
};

/** Runs the update for `minutes`, with the alarms named in `alarmsFrom` in ALARM from that minute on. */
async function run(update: StackUpdate, minutes: number, alarmsFrom: Readonly<Record<string, number>> = {}) {
  const lines: string[] = [];
  const shares: Record<string, number>[] = [];
  const events: StackUpdateEvent[] = [];
  for (let minute = 0; minute < minutes; minute += 1) {
    const at = START + minute * MINUTE;
    const step = await update.advance(at, (name) => (alarmsFrom[name] !== undefined && minute >= (alarmsFrom[name] as number) ? 'ALARM' : 'OK'));
    events.push(...step.events);
    lines.push(...step.events.map(lineOf));
    shares.push(Object.fromEntries(step.shares));
  }
  return { lines, shares, events };
}

describe('shiftedShare', () => {
  it('sends a canary’s percent for its interval, then everything', () => {
    // Act
    const shares = [0, 4, 5, 6].map((m) => shiftedShare('Canary10Percent5Minutes', m));

    // Assess
    expect(shares).toEqual([0.1, 0.1, 1, 1]);
  });

  it('adds a linear strategy’s percent every interval, up to everything', () => {
    // Act
    const shares = [0, 1, 2, 3, 17, 18, 30].map((m) => shiftedShare('Linear10PercentEvery2Minutes', m));

    // Assess
    expect(shares).toEqual([0.1, 0.1, 0.2, 0.2, 0.9, 1, 1]);
  });

  it('moves everything at once for AllAtOnce', () => {
    expect(shiftedShare('AllAtOnce', 0)).toBe(1);
  });
});

describe('StackUpdate', () => {
  it('shifts a healthy canary to the new version after its interval and completes the stack', async () => {
    // Prepare
    const update = new StackUpdate({ stackId: STACK_ID, startAt: START, origin: ORIGIN, groups: [group('create-order'), group('get-order')], allAtOnce: [] });

    // Act
    const { lines, shares } = await run(update, 12);

    // Assess
    expect(shares.map((s) => s['create-order'])).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 1, 1, 1, 1, 1, 1, 1]);
    expect(lines).toEqual([
      '0 stack UPDATE_IN_PROGRESS',
      '0 orders-prod-create-order START',
      '0 orders-prod-get-order START',
      '5 orders-prod-create-order SUCCESS',
      '5 orders-prod-get-order SUCCESS',
      '8 stack UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      '9 stack UPDATE_COMPLETE',
    ]);
    expect(update.status).toBe('complete');
  });

  it('steps a linear deployment up every interval', async () => {
    // Prepare
    const update = new StackUpdate({ stackId: STACK_ID, startAt: START, origin: ORIGIN, groups: [group('list-orders', { strategy: 'Linear10PercentEvery1Minute' })], allAtOnce: [] });

    // Act
    const { shares, lines } = await run(update, 14);

    // Assess
    expect(shares.map((s) => s['list-orders'])).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1, 1, 1, 1]);
    expect(lines.at(-1)).toBe('13 stack UPDATE_COMPLETE');
  });

  it('stops every deployment of the update when one group’s alarm fires, puts traffic back and rolls the stack back', async () => {
    // Prepare
    const update = new StackUpdate({ stackId: STACK_ID, startAt: START, origin: ORIGIN, groups: [group('create-order'), group('get-order')], allAtOnce: [] });

    // Act
    const { lines, shares, events } = await run(update, 10, { 'orders-prod-create-order-deploy-errors-gate-v2': 3 });

    // Assess
    expect(shares.map((s) => [s['create-order'], s['get-order']])).toEqual([
      [0.1, 0.1],
      [0.1, 0.1],
      [0.1, 0.1],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(lines).toEqual([
      '0 stack UPDATE_IN_PROGRESS',
      '0 orders-prod-create-order START',
      '0 orders-prod-get-order START',
      '3 orders-prod-create-order STOP',
      '3 orders-prod-get-order STOP',
      '3 stack UPDATE_ROLLBACK_IN_PROGRESS',
      '4 stack UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      '4 stack UPDATE_ROLLBACK_COMPLETE',
    ]);
    const rollback = events.find((e) => e.source === 'aws.cloudformation' && e.detail['status-details'].status === 'UPDATE_ROLLBACK_IN_PROGRESS') as StackStatusChangeEvent;
    expect(rollback.detail['status-details']['status-reason']).toBe('The following resource(s) failed to update: [create-orderAliasLive]. ');
    expect(update.status).toBe('rolled-back');
  });

  it('fails a deployment whose BeforeAllowTraffic hook fails before any traffic moves', async () => {
    // Prepare
    const hooked: string[] = [];
    const update = new StackUpdate({
      stackId: STACK_ID,
      startAt: START,
      origin: ORIGIN,
      groups: [group('get-order', { beforeAllowTraffic: true })],
      allAtOnce: [],
      runHook: async (g, deploymentId) => {
        hooked.push(`${g.groupName} ${deploymentId}`);
        return 'Failed';
      },
    });

    // Act
    const { lines, shares } = await run(update, 3);

    // Assess
    expect(hooked).toEqual([expect.stringMatching(/^orders-prod-get-order d-[A-Z0-9]{9}$/)]);
    expect(shares[0]).toEqual({ 'get-order': 0 });
    expect(lines).toEqual([
      '0 stack UPDATE_IN_PROGRESS',
      '0 orders-prod-get-order START',
      '0 orders-prod-get-order FAILURE',
      '0 stack UPDATE_ROLLBACK_IN_PROGRESS',
      '1 stack UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      '1 stack UPDATE_ROLLBACK_COMPLETE',
    ]);
  });

  it('moves an all-at-once function with CloudFormation events only', async () => {
    // Prepare
    const update = new StackUpdate({ stackId: STACK_ID, startAt: START, origin: ORIGIN, groups: [], allAtOnce: ['create-order', 'get-order'] });

    // Act
    const { lines, shares } = await run(update, 8);

    // Assess
    expect(shares.map((s) => s['create-order'])).toEqual([undefined, undefined, 1, 1, 1, 1, 1, 1]);
    expect(lines).toEqual(['0 stack UPDATE_IN_PROGRESS', '5 stack UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', '6 stack UPDATE_COMPLETE']);
  });

  it('sends CodeDeploy’s and CloudFormation’s event shapes', async () => {
    // Prepare
    const update = new StackUpdate({ stackId: STACK_ID, startAt: START, origin: ORIGIN, groups: [group('create-order')], allAtOnce: [] });

    // Act
    const { events } = await run(update, 1);

    // Assess
    expect(events[0]).toMatchObject({
      source: 'aws.cloudformation',
      'detail-type': 'CloudFormation Stack Status Change',
      resources: [STACK_ID],
      time: '2026-11-23T11:10:00Z',
      detail: { 'stack-id': STACK_ID },
    });
    expect(events[1]).toMatchObject({
      source: 'aws.codedeploy',
      'detail-type': 'CodeDeploy Deployment State-change Notification',
      time: '2026-11-23T11:10:20Z',
      resources: ['arn:aws:codedeploy:us-east-1:123456789012:application:orders-prod', 'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:orders-prod/orders-prod-create-order'],
      detail: { application: 'orders-prod', deploymentGroup: 'orders-prod-create-order', state: 'START', region: 'us-east-1', deploymentId: expect.stringMatching(/^d-[A-Z0-9]{9}$/) },
    });
  });
});
