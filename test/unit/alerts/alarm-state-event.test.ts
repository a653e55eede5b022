import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateAlarms } from '../../../alarms';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { isAlarmStateDelivery, parseAlarmStateDelivery } from '../../../handlers/alerts/alarm-state-event';
import { catalog } from '../../../observability.config';
import { transformInput } from '../../../tools/emulators/eventbridge/event-pattern';
import { loadEvent } from './fixtures';

type Json = Record<string, any>;

/**
 * events/eventbridge-alarm-state-change.json: the single-metric alarm example of the CloudWatch user
 * guide's "Alarm events and EventBridge", with the values of the prod stage's
 * orders-prod-create-order-throttles-warning (see events/README.md).
 */
const documented = JSON.parse(readFileSync(resolve(__dirname, '../../../events/eventbridge-alarm-state-change.json'), 'utf8')) as Json;

const generated = generateAlarms(catalog, ordersServiceResources('prod'));
const ruleTarget = Object.values(generated.resources).find((r) => r.Type === 'AWS::Events::Rule')!.Properties.Targets as Json[];
/** What the generated rule's target receives for `event`: its input template with the event in it. */
const delivered = (event: unknown): Json => transformInput(ruleTarget[0]!.InputTransformer.InputTemplate, event) as Json;
const generatedRule = (name: string): string => Object.values(generated.resources).find((r) => r.Properties.AlarmName === name)!.Properties.AlarmRule as string;

/** The documented event with `change` merged into its `detail`. */
const withDetail = (change: Json): Json => ({ ...documented, detail: { ...documented.detail, ...change } });

describe('parseAlarmStateDelivery', () => {
  it('reads the documented event, as the rule delivers it, as the alarm notification CloudWatch would have published', () => {
    // Prepare
    const delivery = delivered(documented);

    // Act
    const change = parseAlarmStateDelivery(delivery);

    // Assess
    expect(change).toMatchObject({
      id: '7b0e3c5d-2f4a-8e61-c9d2-4a1b6e8f3c07',
      changedAt: Date.parse('2026-11-23T10:05:10.415Z'),
      config: {
        tiers: { critical: 'orders-prod-critical', warning: 'orders-prod-warning' },
        suppressor: 'orders-prod-deploy-in-progress-info',
        suppressorWaitSeconds: 120,
        suppressorExtensionSeconds: 300,
      },
    });
    expect(change?.notification).toMatchObject({
      kind: 'metric',
      name: 'orders-prod-create-order-throttles-warning',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-create-order-throttles-warning',
      accountId: '123456789012',
      region: 'us-east-1',
      state: 'ALARM',
      previousState: 'OK',
      tier: 'warning',
      stateChangeTime: '2026-11-23T10:05:10.415Z',
      reason: expect.stringMatching(/^Threshold Crossed: 3 out of the last 5 datapoints/),
      description: {
        summary: expect.stringMatching(/^Lambda refused 1\+ createOrder invocations a minute/),
        runbookUrl: 'https://runbooks.example.com/orders/lambda-throttles.md',
        logGroups: ['/aws/lambda/periscope-orders-prod-createOrder'],
      },
    });
  });

  it('shows what the alarm watches from the event’s metrics: the metric, its statistic and period', () => {
    // Act
    const change = parseAlarmStateDelivery(delivered(documented));

    // Assess
    expect(change?.notification.kind === 'metric' ? change.notification.trigger?.queries : undefined).toEqual([
      {
        id: 'throttles',
        returnData: true,
        stat: 'Sum',
        periodSeconds: 60,
        metric: { namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: 'periscope-orders-prod-createOrder' } },
      },
    ]);
  });

  it('keeps a metric math alarm’s expression and the metrics it reads, as the documented metric math event carries them', () => {
    // Prepare
    const configuration = {
      description: documented.detail.configuration.description,
      metrics: [
        { expression: 'IF(invocations >= 10, 100 * errors / invocations, 0)', id: 'rate', label: 'Error rate (%)', returnData: true },
        {
          id: 'errors',
          metricStat: { metric: { dimensions: { FunctionName: 'periscope-orders-prod-createOrder' }, name: 'Errors', namespace: 'AWS/Lambda' }, period: 60, stat: 'Sum' },
          returnData: false,
        },
      ],
    };

    // Act
    const change = parseAlarmStateDelivery(delivered(withDetail({ configuration })));

    // Assess
    expect(change?.notification.kind === 'metric' ? change.notification.trigger?.queries : undefined).toEqual([
      { id: 'rate', returnData: true, expression: 'IF(invocations >= 10, 100 * errors / invocations, 0)', label: 'Error rate (%)' },
      { id: 'errors', returnData: false, stat: 'Sum', periodSeconds: 60, metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'periscope-orders-prod-createOrder' } } },
    ]);
  });

  it('takes the tier from the description Periscope generates, whatever the alarm is named', () => {
    // Prepare
    const renamed = withDetail({ alarmName: 'ServerCpuTooHigh' });
    const prose = withDetail({ alarmName: 'ServerCpuTooHigh', configuration: { ...documented.detail.configuration, description: 'Goes into alarm when server CPU utilization is too high!' } });

    // Act
    const [fromDescription, fromNothing] = [renamed, prose].map((event) => parseAlarmStateDelivery(delivered(event))?.notification.tier);

    // Assess
    expect(fromDescription).toBe('warning');
    expect(fromNothing).toBe('unknown');
  });

  it('reads a recovery: the new state OK and the state it left', () => {
    // Prepare
    const recovery = withDetail({ previousState: documented.detail.state, state: { ...documented.detail.previousState, value: 'OK', timestamp: '2026-11-23T10:20:10.102+0000' } });

    // Act
    const change = parseAlarmStateDelivery(delivered(recovery));

    // Assess
    expect(change?.notification).toMatchObject({ state: 'OK', previousState: 'ALARM' });
    expect(change?.changedAt).toBe(Date.parse('2026-11-23T10:20:10.102Z'));
  });

  it('reads a composite alarm’s change, which carries its rule and no metrics, as a composite', () => {
    // Prepare: the documented composite event's shape, of the generated critical composite
    const rule = generatedRule('orders-prod-critical');
    const composite = {
      ...documented,
      id: 'd3dfc86d-384d-24c8-0345-9f7986db0b80',
      resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-critical'],
      detail: {
        alarmName: 'orders-prod-critical',
        state: {
          actionsSuppressedBy: 'WaitPeriod',
          actionsSuppressedReason: 'Actions suppressed by WaitPeriod',
          value: 'ALARM',
          reason: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-api-5xx-rate-critical transitioned to ALARM at Monday 23 November, 2026 10:05:10 UTC',
          reasonData:
            '{"triggeringAlarms":[{"arn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-prod-api-5xx-rate-critical","state":{"value":"ALARM","timestamp":"2026-11-23T10:05:10.415+0000"}}]}',
          timestamp: '2026-11-23T10:05:10.502+0000',
        },
        previousState: { value: 'OK', reason: 'no member in ALARM', timestamp: '2026-11-20T08:12:44.120+0000' },
        configuration: { alarmRule: rule, actionsSuppressor: 'orders-prod-deploy-in-progress-info', actionsSuppressorWaitPeriod: 120, actionsSuppressorExtensionPeriod: 300 },
      },
    };

    // Act
    const change = parseAlarmStateDelivery(delivered(composite));

    // Assess
    expect(change?.notification).toMatchObject({ kind: 'composite', name: 'orders-prod-critical', rule, tier: 'critical', state: 'ALARM', previousState: 'OK' });
  });

  it('takes the event’s time when the state has no timestamp', () => {
    // Prepare
    const { timestamp: _timestamp, ...state } = documented.detail.state;

    // Act
    const change = parseAlarmStateDelivery(delivered(withDetail({ state })));

    // Assess
    expect(change?.changedAt).toBe(Date.parse('2026-11-23T10:05:10Z'));
  });

  const { suppressor: _suppressor, ...configWithoutSuppressor } = delivered(documented).periscope as Json;
  it.each([
    ['nothing', undefined],
    ['a string', 'CloudWatch Alarm State Change'],
    ['an array', [documented]],
    ['the event without the rule’s wrapping', documented],
    ['a wrapping without the event', { periscope: delivered(documented).periscope }],
    ['a wrapping whose event is not an object', { periscope: delivered(documented).periscope, event: JSON.stringify(documented) }],
    ['a wrapping without a suppressor', { periscope: configWithoutSuppressor, event: documented }],
    ['a wrapping whose wait is not a number', { periscope: { ...delivered(documented).periscope, suppressorWaitSeconds: '120' }, event: documented }],
    ['a configuration change event', delivered({ ...documented, 'detail-type': 'CloudWatch Alarm Configuration Change' })],
    ['an event without detail', delivered({ ...documented, detail: undefined })],
    ['an event without an id', delivered({ ...documented, id: undefined })],
    ['an event without an alarm name', delivered(withDetail({ alarmName: undefined }))],
    ['an event without a new state', delivered(withDetail({ state: { reason: 'x', timestamp: '2026-11-23T10:05:10.415+0000' } }))],
    ['an event whose time cannot be read', delivered({ ...withDetail({ state: { value: 'ALARM', timestamp: 'soon' } }), time: undefined })],
  ])('reads %s as no alarm state change', (_what, delivery) => {
    // Act
    const change = parseAlarmStateDelivery(delivery);

    // Assess
    expect(change).toBeUndefined();
  });
});

describe('isAlarmStateDelivery', () => {
  it('tells what the rule delivers from what the tier topics deliver', () => {
    // Prepare
    const fromRule = delivered(documented);
    const fromTopic = loadEvent('sns-alarm-critical.json');

    // Act
    const verdicts = [fromRule, fromTopic, documented, null, 'ALARM'].map(isAlarmStateDelivery);

    // Assess
    expect(verdicts).toEqual([true, false, false, false, false]);
  });
});
