import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateAlarms } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { type AlarmStateChangeEvent, parseAlarmStateDelivery } from '../../../handlers/alerts/alarm-state-event';
import { type AlarmStateView, alarmsToRead, hiddenAlarmVerdict } from '../../../handlers/alerts/hidden-alarms';
import { catalog } from '../../../observability.config';
import { resolveSub } from '../../../tools/emulators/cloudwatch/alarm-evaluator';
import { transformInput } from '../../../tools/emulators/eventbridge/event-pattern';

type Json = Record<string, any>;

const MINUTE = 60_000;
/** When the member changes state in every test. */
const T = Date.parse('2026-11-23T10:05:10.415Z');

const generated = generateAlarms(catalog, ordersServiceResources('prod'));
const propsOf = (name: string): Json | undefined => Object.values(generated.resources).find((r) => r.Properties.AlarmName === name)?.Properties as Json | undefined;
const inputTemplate = (Object.values(generated.resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties.Targets as Json[])[0]!.InputTransformer.InputTemplate as string;
/** The documented event shape (events/eventbridge-alarm-state-change.json), whose alarm each test replaces. */
const documented = JSON.parse(readFileSync(resolve(__dirname, '../../../events/eventbridge-alarm-state-change.json'), 'utf8')) as Json;

const CRITICAL_MEMBER = 'orders-prod-api-5xx-rate-critical';
const WARNING_MEMBER = 'orders-prod-create-order-throttles-warning';

/**
 * The change of `name` to `state` at `at`, as the notifier reads it from the rule: the generated
 * alarm's own description (so its tier), or `description` for an alarm Periscope did not generate.
 */
function changeOf(name: string, state: 'ALARM' | 'OK', at = T, description?: string): AlarmStateChangeEvent {
  const props = propsOf(name);
  const text = description ?? (props ? resolveSub(props.AlarmDescription, { region: 'us-east-1', accountId: '123456789012' }, name) : undefined);
  if (text === undefined) throw new Error(`no generated alarm ${name}: give its description`);
  const event = {
    ...documented,
    resources: [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`],
    detail: {
      ...documented.detail,
      alarmName: name,
      configuration: { ...documented.detail.configuration, description: text },
      previousState: { ...documented.detail.previousState, value: state === 'ALARM' ? 'OK' : 'ALARM' },
      state: { ...documented.detail.state, value: state, timestamp: new Date(at).toISOString().replace('Z', '+0000') },
    },
  };
  const change = parseAlarmStateDelivery(transformInput(inputTemplate, event));
  if (change === undefined) throw new Error(`the change of ${name} did not parse`);
  return change;
}

type View = readonly [state: string, since: number];
/**
 * What DescribeAlarms answers for the generated composites (with their real rules) and the deploy
 * suppressor. By default all three have been OK for a day.
 */
function statesOf(views: { critical?: View; warning?: View; suppressor?: View } = {}): Map<string, AlarmStateView> {
  const dayAgo: View = ['OK', T - 24 * 60 * MINUTE];
  const composite = (name: string, [state, since]: View): [string, AlarmStateView] => [name, { state, since, rule: propsOf(name)!.AlarmRule as string }];
  const [state, since] = views.suppressor ?? dayAgo;
  return new Map([composite('orders-prod-critical', views.critical ?? dayAgo), composite('orders-prod-warning', views.warning ?? dayAgo), ['orders-prod-deploy-in-progress-info', { state, since }]]);
}

describe('hiddenAlarmVerdict', () => {
  it('reads the states of the two tier composites and the deploy suppressor, nothing more', () => {
    // Act
    const names = alarmsToRead(changeOf(WARNING_MEMBER, 'ALARM'));

    // Assess
    expect(names).toEqual(['orders-prod-critical', 'orders-prod-warning', 'orders-prod-deploy-in-progress-info']);
  });

  it('announces a member that fires while its composite has been in ALARM since before: the composite will not notify again', () => {
    // Prepare
    const states = statesOf({ warning: ['ALARM', T - 10 * MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(WARNING_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict).toEqual({ announce: true, why: 'the warning composite has been in ALARM since 2026-11-23T09:55:10.415Z: it will not notify this change' });
  });

  it('announces a member’s recovery while another member keeps its composite in ALARM', () => {
    // Prepare
    const states = statesOf({ warning: ['ALARM', T - 30 * MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(WARNING_MEMBER, 'OK'), states);

    // Assess
    expect(verdict.announce).toBe(true);
  });

  it('leaves a change to its composite when the composite is OK: it notifies the incident, or the recovery, itself', () => {
    // Prepare
    const states = statesOf();

    // Act
    const [firing, lastRecovery] = [changeOf(WARNING_MEMBER, 'ALARM'), changeOf(WARNING_MEMBER, 'OK')].map((change) => hiddenAlarmVerdict(change, states));

    // Assess
    expect(firing).toEqual({ announce: false, why: 'the warning composite is OK: it notifies this change itself' });
    expect(lastRecovery?.announce).toBe(false);
  });

  it('leaves a change within the composite’s wait for the suppressor to the notification it sends when the wait ends', () => {
    // Prepare: the composite went into ALARM 1 min before the change; it notifies after 2 min
    const states = statesOf({ critical: ['ALARM', T - MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(CRITICAL_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict).toEqual({ announce: false, why: 'the critical composite went into ALARM with it: its notification covers it' });
  });

  it('leaves the member that put its composite into ALARM to the composite’s notification', () => {
    // Prepare: CloudWatch evaluates the composite just after its member changed
    const states = statesOf({ critical: ['ALARM', T + 400] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(CRITICAL_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict.announce).toBe(false);
  });

  it('announces a change that comes once the composite’s wait is over, and not a second before', () => {
    // Prepare
    const justBefore = statesOf({ critical: ['ALARM', T - 2 * MINUTE + 1000] });
    const justAfter = statesOf({ critical: ['ALARM', T - 2 * MINUTE - 1000] });

    // Act
    const [before, after] = [justBefore, justAfter].map((states) => hiddenAlarmVerdict(changeOf(CRITICAL_MEMBER, 'ALARM'), states));

    // Assess
    expect(before?.announce).toBe(false);
    expect(after?.announce).toBe(true);
  });

  it.each([
    ['an info alarm', 'orders-prod-api-4xx-rate-info', undefined],
    ['a burn-rate window (its pair is the member)', 'orders-prod-orders-api-fast-burn-1h-critical', undefined],
    ['the critical composite itself', 'orders-prod-critical', undefined],
    ['the deploy suppressor', 'orders-prod-deploy-in-progress-info', undefined],
    ['another service’s critical alarm', 'payments-prod-api-5xx-rate-critical', 'Payments fail.\nTier: critical'],
    ['an alarm whose name only starts with a member’s', `${CRITICAL_MEMBER}-canary`, 'A canary.\nTier: critical'],
  ])('never announces %s, which no tier composite names', (_what, name, description) => {
    // Prepare
    const states = statesOf({ critical: ['ALARM', T - 10 * MINUTE], warning: ['ALARM', T - 10 * MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(name, 'ALARM', T, description), states);

    // Assess
    expect(verdict).toEqual({ announce: false, why: 'not a member of a tier composite' });
  });

  it('announces nothing when CloudWatch has no such composite', () => {
    // Prepare
    const states = new Map<string, AlarmStateView>([['orders-prod-deploy-in-progress-info', { state: 'OK', since: T - MINUTE * 60 }]]);

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(WARNING_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict.announce).toBe(false);
  });

  it('holds a member’s change back during a deploy, as the composites’ actions are', () => {
    // Prepare
    const states = statesOf({ warning: ['ALARM', T - 10 * MINUTE], suppressor: ['ALARM', T - 3 * MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(WARNING_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict).toEqual({ announce: false, why: 'a deploy is in progress: alerts are held' });
  });

  it('holds a member’s change back for the extension period after a deploy, and announces it after', () => {
    // Prepare: the deploy ended 4 min (within the 5 min extension) or 6 min before the change
    const within = statesOf({ warning: ['ALARM', T - 10 * MINUTE], suppressor: ['OK', T - 4 * MINUTE] });
    const after = statesOf({ warning: ['ALARM', T - 10 * MINUTE], suppressor: ['OK', T - 6 * MINUTE] });

    // Act
    const [held, announced] = [within, after].map((states) => hiddenAlarmVerdict(changeOf(WARNING_MEMBER, 'ALARM'), states));

    // Assess
    expect(held).toEqual({ announce: false, why: 'a deploy is in progress: alerts are held' });
    expect(announced?.announce).toBe(true);
  });

  it('keeps a warning quiet while the critical composite is in ALARM: it is part of the incident that paged', () => {
    // Prepare
    const states = statesOf({ critical: ['ALARM', T - 20 * MINUTE], warning: ['ALARM', T - 10 * MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(WARNING_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict).toEqual({ announce: false, why: 'the critical composite is in ALARM: this warning is part of that incident' });
  });

  it('announces another critical member while the critical composite is in ALARM: a second cause pages no one otherwise', () => {
    // Prepare
    const states = statesOf({ critical: ['ALARM', T - 20 * MINUTE], warning: ['ALARM', T - 10 * MINUTE] });

    // Act
    const verdict = hiddenAlarmVerdict(changeOf(CRITICAL_MEMBER, 'ALARM'), states);

    // Assess
    expect(verdict).toEqual({ announce: true, why: 'the critical composite has been in ALARM since 2026-11-23T09:45:10.415Z: it will not notify this change' });
  });
});
